"""A role change any logged-in user may make, in an app that checks roles elsewhere."""

from fastapi import APIRouter, Depends, HTTPException

router = APIRouter()


def get_current_user():
    ...


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


@router.put("/users/update_role")  # expect: CWE-285
def update_role(username: str, role: str, user=Depends(get_current_user)):
    if role == "owner":
        raise HTTPException(status_code=401, detail="only the owner may appoint owners")
    return {"username": username, "role": role}
