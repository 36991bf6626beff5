"""CWE-915 mass assignment: the client's whole request written onto a model, so a field the form never showed
(``is_admin``, ``role``, ``balance``) is set by adding it to the request.

Three shapes: request data splatted into a model's constructor or a query's ``create``/``update``
(``User(**request.json)``), a ``setattr`` loop over the request's items with no allow-list of keys, and a
Django ModelForm / DRF ModelSerializer that exposes every field (``fields = "__all__"``, or only an ``exclude``)
of a model that has privilege fields.
"""

from __future__ import annotations

import ast
from typing import Iterator

from .access_facts import module_reads_request, request_mapping, request_mapping_names, word_set
from .registry import Hit, pattern_rule

_MODEL_BASES = frozenset({"Model", "Document", "Base", "DeclarativeBase", "SQLModel", "DynamicDocument"})
_QUERY_WRITES = frozenset({"create", "get_or_create", "update_or_create", "update", "insert", "insert_one",
                           "update_one"})
_FORM_BASES = {"django.forms.ModelForm": "ModelForm", "django.forms.models.ModelForm": "ModelForm",
               "rest_framework.serializers.ModelSerializer": "ModelSerializer",
               "rest_framework.serializers.HyperlinkedModelSerializer": "ModelSerializer"}
_DJANGO_USER_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")


def _local_classes(ctx) -> dict[str, ast.ClassDef]:
    return ctx.memo("access_mass_assignment.classes",
                    lambda: {c.name: c for c in ctx.nodes_of_type(ast.ClassDef)})


def _is_model_class(func: ast.AST, ctx) -> bool:
    """A class that maps to stored records: defined here on an ORM base, or imported from a models module."""
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if not name[:1].isupper():
        return False
    local = _local_classes(ctx).get(name) if isinstance(func, ast.Name) else None
    if local is not None:
        return any((b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "")) in _MODEL_BASES
                   for b in local.bases)
    qual = ctx.qualname(func) or ""
    parts = qual.split(".")
    return any(p == "models" or p.endswith("_models") for p in parts[:-1])


def _is_query_write(func: ast.AST) -> bool:
    """``User.objects.create``, ``Order.objects.filter(...).update``, ``db.query(User).filter(...).update``."""
    if not isinstance(func, ast.Attribute) or func.attr not in _QUERY_WRITES:
        return False
    receiver = func.value
    while isinstance(receiver, (ast.Call, ast.Attribute)):
        if isinstance(receiver, ast.Attribute) and receiver.attr in ("objects", "query", "filter", "filter_by"):
            return True
        receiver = receiver.func if isinstance(receiver, ast.Call) else receiver.value
    return False


def _splats(node: ast.Call, names: set[str], ctx) -> bool:
    return any(kw.arg is None and request_mapping(kw.value, ctx, names) for kw in node.keywords)


def _filters_key(loop: ast.For, key: str, setter: ast.AST, ctx) -> bool:
    """The loop decides which keys may be set: ``if k in ALLOWED``, ``if k not in ("is_admin", ...)``,
    ``if k == "name"``. ``hasattr(obj, k)`` is no filter: every privilege field passes it."""
    for anc in ctx.ancestors(setter):
        if anc is loop:
            break
        if isinstance(anc, ast.If):
            for cmp in ast.walk(anc.test):
                if isinstance(cmp, ast.Compare) and any(isinstance(n, ast.Name) and n.id == key
                                                        for n in ast.walk(cmp)):
                    return True
    for stmt in ast.walk(loop):
        if isinstance(stmt, ast.If) and any(isinstance(s, ast.Continue) for s in stmt.body) \
                and any(isinstance(n, ast.Compare) for n in ast.walk(stmt.test)) \
                and any(isinstance(n, ast.Name) and n.id == key for n in ast.walk(stmt.test)):
            return True
    return False


def _body_models(func: ast.AST, ctx) -> set[str]:
    """Parameters of a view annotated with a request-body schema that admits fields it does not declare
    (pydantic ``extra=allow``) or declares a privilege field: iterating its items hands the client every key."""
    open_params = set()
    classes = _local_classes(ctx)
    for arg in func.args.args + func.args.kwonlyargs:
        ann = arg.annotation
        cls = classes.get(ann.id) if isinstance(ann, ast.Name) else None
        if cls is None:
            continue
        text = "\n".join(ctx.line(n) for n in range(cls.lineno, (cls.end_lineno or cls.lineno) + 1))
        fields = {s.target.id for s in cls.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)}
        allows_extra = "Extra.allow" in text or "extra=\"allow\"" in text or "extra='allow'" in text
        if allows_extra or fields & word_set("mass_assignment", "privilege_fields"):
            open_params.add(arg.arg)
    return open_params


def _setattr_loops(func: ast.AST, names: set[str], ctx) -> Iterator[Hit]:
    open_params = _body_models(func, ctx)
    for loop in ctx.scope_nodes(func):
        if not isinstance(loop, ast.For) or not isinstance(loop.target, ast.Tuple) or len(loop.target.elts) != 2:
            continue
        key = loop.target.elts[0]
        it = loop.iter
        if not (isinstance(key, ast.Name) and isinstance(it, ast.Call) and isinstance(it.func, ast.Attribute)
                and it.func.attr == "items"):
            continue
        source = it.func.value
        from_body = isinstance(source, ast.Call) and isinstance(source.func, ast.Attribute) \
            and source.func.attr in ("dict", "model_dump") and isinstance(source.func.value, ast.Name) \
            and source.func.value.id in open_params
        if not (from_body or request_mapping(source, ctx, names)):
            continue
        for node in ast.walk(loop):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr" \
                    and len(node.args) == 3 and isinstance(node.args[1], ast.Name) and node.args[1].id == key.id \
                    and not _filters_key(loop, key.id, node, ctx):
                yield Hit(node)
                break


@pattern_rule(
    id="mass-assignment", cwe=915, severity="high", confidence="medium",
    title="Request data written wholesale onto a model (mass assignment)",
    message="Every field the client sends is written onto the record, so adding is_admin, role or another "
            "field the form never showed to the request sets it.",
    fix="Copy only the fields the user may change (an allow-list, a form or serializer with an explicit "
        "fields list that leaves out privilege fields, a request schema that forbids extra fields).",
    nodes=(ast.FunctionDef, ast.AsyncFunctionDef),
    requires_words=("request", "setattr"),
    skips_test_code=True,
)
def mass_assignment(node: ast.AST, ctx) -> Iterator[Hit]:
    if ctx.is_test_code:
        return
    if isinstance(node, ast.ClassDef):
        return  # forms are judged across modules (rules/project.py: open_forms_of, admin_forms_of)
    if not (module_reads_request(ctx) or ctx.source_mentions("setattr")):
        return
    own = ctx.scope_nodes(node)
    names = request_mapping_names(own, ctx)
    for call in own:
        if isinstance(call, ast.Call) and any(kw.arg is None for kw in call.keywords) and _splats(call, names, ctx) \
                and (_is_model_class(call.func, ctx) or _is_query_write(call.func)):
            yield Hit(call)
    yield from _setattr_loops(node, names, ctx)


# --- ModelForm / ModelSerializer exposing every field ----------------------------------------------------------

def _meta_setting(meta: ast.ClassDef, name: str) -> ast.AST | None:
    for stmt in meta.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
            return stmt.value
    return None


def _model_privilege_fields(model: ast.AST, ctx) -> tuple[str, ...]:
    """Privilege fields of the model a form is for: Django's user model's own, or those a model class of this
    module declares."""
    qual = ctx.qualname(model) or ""
    if qual in word_set("mass_assignment", "privileged_model_bases"):
        return _DJANGO_USER_FIELDS
    if isinstance(model, ast.Name) and model.id in _local_classes(ctx):
        cls = _local_classes(ctx)[model.id]
        fields = []
        for stmt in cls.body:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target] \
                if isinstance(stmt, ast.AnnAssign) else []
            fields += [t.id for t in targets if isinstance(t, ast.Name)]
        if any((ctx.qualname(b) or "") in word_set("mass_assignment", "privileged_model_bases") for b in cls.bases):
            fields += _DJANGO_USER_FIELDS
        return tuple(f for f in fields if f in word_set("mass_assignment", "privilege_model_fields")
                     or f in _DJANGO_USER_FIELDS)
    return ()


def open_form(node: ast.ClassDef, ctx) -> tuple[ast.AST, ast.AST, tuple[str, ...] | None] | None:
    """(model expression, the node to report, the excluded fields or None for ``"__all__"``) of a ModelForm or
    ModelSerializer that takes every field of its model but those it excludes; None for any other class."""
    if not node.bases or not any((ctx.qualname(b) or "") in _FORM_BASES for b in node.bases):
        return None
    if ctx.rel_path.replace("\\", "/").rsplit("/", 1)[-1] == "admin.py":
        return None  # the admin site's forms are for staff, who may set these fields
    meta = next((s for s in node.body if isinstance(s, ast.ClassDef) and s.name == "Meta"), None)
    if meta is None:
        return None
    model = _meta_setting(meta, "model")
    fields = _meta_setting(meta, "fields")
    exclude = _meta_setting(meta, "exclude")
    if model is None:
        return None
    if fields is not None and ctx.literal(fields, None) == "__all__":
        return model, fields, None
    if fields is None and exclude is not None:
        excluded = ctx.literal(exclude, None)
        if isinstance(excluded, (list, tuple)) and all(isinstance(e, str) for e in excluded):
            return model, exclude, tuple(excluded)
    return None


def exposure_message(privileged: tuple[str, ...], excluded: tuple[str, ...] | None) -> str | None:
    """The finding's message for a form exposing ``privileged`` fields (None when it exposes none)."""
    exposed = [f for f in privileged if excluded is None or f not in excluded]
    if not exposed:
        return None
    which = "every field of the model" if excluded is None else "every field of the model that is not excluded"
    return (f"The form takes {which} from the request, including {', '.join(exposed)}: a user sets them by "
            f"adding them to the request.")


def model_privilege_fields(ctx) -> dict[str, tuple[str, ...]]:
    """Qualified name → privilege fields of each model class this module defines (for forms of other modules:
    rules/project.py)."""
    out = {}
    for cls in ctx.nodes_of_type(ast.ClassDef):
        if not any((b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "")) in _MODEL_BASES
                   or (ctx.qualname(b) or "") in word_set("mass_assignment", "privileged_model_bases")
                   for b in cls.bases):
            continue
        fields = _model_privilege_fields(ast.Name(id=cls.name), ctx)
        if fields and isinstance(ctx.parent(cls), ast.Module):
            out[f"{ctx.names.module}.{cls.name}"] = fields
    return out


def open_forms_of(ctx) -> list[tuple[ast.AST, str, tuple[str, ...] | None, str]]:
    """Every open form of the module: (node to report, its model's qualified name, excluded fields or None,
    the form's own qualified name)."""
    out = []
    for cls in ctx.nodes_of_type(ast.ClassDef):
        found = open_form(cls, ctx)
        if found is None:
            continue
        model, where, excluded = found
        if isinstance(model, ast.Name) and model.id in _local_classes(ctx):
            qual = f"{ctx.names.module}.{model.id}"
        else:
            qual = ctx.qualname(model) or ""
        if qual:
            out.append((where, qual, excluded, f"{ctx.names.module}.{cls.name}"))
    return out


_ADMIN_FORM_ATTRS = frozenset({"form", "add_form", "change_form", "change_user_password_form"})


def admin_forms_of(ctx) -> set[str]:
    """Forms the admin site uses (``form = UserChangeForm`` in a ModelAdmin): staff may set every field there."""
    out = set()
    for cls in ctx.nodes_of_type(ast.ClassDef):
        if not any((b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "")).endswith(("Admin", "Inline"))
                   for b in cls.bases):
            continue
        for stmt in cls.body:
            if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id in _ADMIN_FORM_ATTRS
                                                    for t in stmt.targets):
                qual = ctx.qualname(stmt.value)
                if qual:
                    out.add(qual)
    return out


def builtin_privilege_fields() -> dict[str, tuple[str, ...]]:
    """Models the framework defines: Django's user."""
    return {name: _DJANGO_USER_FIELDS for name in word_set("mass_assignment", "privileged_model_bases")
            if name.endswith("User")}
