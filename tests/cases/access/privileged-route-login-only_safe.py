"""The role changes check the caller's own role (the caller also reached through an Annotated alias); reading
one's own profile needs only a login."""

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException

router = APIRouter()


def get_current_user():
    ...


CurrentUser = Annotated[dict, Depends(get_current_user)]


class RoleChecker:
    def __init__(self, roles):
        self.roles = roles

    def __call__(self, user=Depends(get_current_user)):
        if user.role not in self.roles:
            raise HTTPException(status_code=403, detail="Forbidden")
        return user


@router.delete("/menu/{item_id}", dependencies=[Depends(RoleChecker(["manager"]))])
def delete_item(item_id: int):
    return {"deleted": item_id}


@router.put("/users/update_role")
def update_role(username: str, role: str, user=Depends(get_current_user)):
    if user.role != "manager":
        raise HTTPException(status_code=403, detail="managers only")
    return {"username": username, "role": role}


@router.put("/profile")
def update_profile(name: str, user=Depends(get_current_user)):
    return {"name": name}


@router.put("/users/grant_admin")
def grant_admin(username: str, user: CurrentUser):
    if user.role != "manager":
        raise HTTPException(status_code=403, detail="managers only")
    return {"username": username, "role": "admin"}
