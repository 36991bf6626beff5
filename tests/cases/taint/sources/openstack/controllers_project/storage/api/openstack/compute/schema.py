"""JSON schemas of the snapshot API's request bodies."""

rename = {
    "type": "object",
    "properties": {"snapshot": {"type": "object", "properties": {
        "name": {"type": "string", "pattern": "^[A-Za-z0-9 _.-]{1,64}$"}}, "required": ["name"]}},
    "required": ["snapshot"],
}
