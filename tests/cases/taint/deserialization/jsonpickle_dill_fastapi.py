"""Session restore API: jsonpickle and dill both rebuild arbitrary objects from client data."""

import base64

import dill
import jsonpickle
from fastapi import Body, FastAPI, Header

app = FastAPI()


@app.post("/sessions/restore")
def restore(state: str = Body(..., embed=True)):
    session = jsonpickle.decode(state)  # expect: CWE-502
    return {"restored": type(session).__name__}


@app.post("/sessions/restore-binary")
def restore_binary(x_state: str = Header(...)):
    session = dill.loads(base64.b64decode(x_state))  # expect: CWE-502
    return {"restored": type(session).__name__}
