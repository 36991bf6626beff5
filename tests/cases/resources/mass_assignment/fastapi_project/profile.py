"""A profile endpoint whose body schema accepts any extra field and copies every one onto the user."""
from typing import Union

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Extra

from .db import get_db, get_user

router = APIRouter()


class ProfileUpdate(BaseModel, extra=Extra.allow):
    first_name: Union[str, None] = None
    last_name: Union[str, None] = None


class NameUpdate(BaseModel):
    first_name: Union[str, None] = None


@router.patch("/profile")
def patch_profile(update: ProfileUpdate, db=Depends(get_db)):
    user = get_user(db)
    for field, value in update.dict().items():
        setattr(user, field, value)  # expect: CWE-915
    db.commit()
    return user


@router.patch("/name")
def patch_name(update: NameUpdate, db=Depends(get_db)):
    user = get_user(db)
    for field, value in update.dict().items():
        setattr(user, field, value)
    db.commit()
    return user
