"""Order endpoints of a delivery API."""
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.orm import Session

from shop.auth import get_current_user, require_role
from shop.db import get_db
from shop.models import Order, User

router = APIRouter()


@router.get("/orders/{order_id}")
def get_order(order_id: int, db: Session = Depends(get_db), auth=Depends(require_role("customer"))):
    order = db.query(Order).filter(Order.id == order_id).first()  # expect: CWE-639
    if order is None:
        raise HTTPException(status_code=404)
    return order


@router.get("/orders/{order_id}/status")
def get_order_status(order_id: int, current_user: Annotated[User, Depends(get_current_user)],
                     db: Session = Depends(get_db)):
    order = db.query(Order).filter(Order.id == order_id).first()
    if order is None or order.user_id != current_user.id:
        raise HTTPException(status_code=404)
    return {"status": order.status}


@router.get("/my/orders/{order_id}")
def get_my_order(order_id: int, current_user: Annotated[User, Depends(get_current_user)],
                 db: Session = Depends(get_db)):
    return db.query(Order).filter(Order.id == order_id, Order.user_id == current_user.id).first()
