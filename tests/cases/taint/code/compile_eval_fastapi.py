"""Discount rules sent as Python expressions: compiled, then evaluated per order.

Both the compile() of the text and the eval() of the code object derived from it are reported.
"""

from fastapi import Body, FastAPI

app = FastAPI()


@app.post("/discounts/preview")
def preview_discount(rule: str = Body(...), total: float = Body(...)):
    code = compile(rule, "<rule>", "eval")  # expect: CWE-95
    discount = eval(code, {"__builtins__": {}}, {"total": total})  # expect: CWE-95
    return {"discount": discount}
