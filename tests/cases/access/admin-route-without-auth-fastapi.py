"""FastAPI maintenance endpoints: a database session is not a guard."""
from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from app.auth import get_current_user
from app.db import get_db

router = APIRouter()


@router.get("/profile")
def profile(user=Depends(get_current_user)):
    return user


@router.post("/admin/users/{user_id}/promote")  # expect: CWE-306
def promote(user_id: int, db: Session = Depends(get_db)):
    db.execute("UPDATE users SET is_admin = 1 WHERE id = :id", {"id": user_id})


@router.post("/maintenance/wipe")  # expect: CWE-306
def wipe(db: Session = Depends(get_db)):
    db.execute("DELETE FROM orders")


@router.post("/maintenance/vacuum")
def vacuum(db: Session = Depends(get_db), user=Depends(get_current_user)):
    db.execute("VACUUM")
