#!/usr/bin/env python3
"""Writes assets/service-model.json: the constraints botocore's cognito-idp
service model puts on every member of every request this tool sends.

    python3 scripts/gen-service-model.py          # rewrite the file
    python3 scripts/gen-service-model.py --check  # exit 1 if it is out of date

The model comes from the installed botocore, pinned in
scripts/requirements-test.txt (scripts/test.sh installs it into .venv). Only
constraints are written, never documentation: per member its path, type,
whether its structure requires it, min/max (lengths in code points, counts, or
values), enum values, pattern (Java syntax, as the model has it) and whether
the model marks it sensitive.

Paths: `A.B` a member, `A[]` each list element, `A{key}` / `A{value}` each map
key / value. Members are listed in the model's order, parents before children.
"""

import json
import os
import sys

import botocore
import botocore.loaders

# Every operation the tool sends, by its API name.
OPERATIONS = [
    "CreateUserPool",
    "SetUserPoolMfaConfig",
    "AdminCreateUser",
    "DescribeUserPool",
    "GetUserPoolMfaConfig",
    "ListUserPools",
    # App clients, domain, managed login and groups (issue 13).
    "CreateUserPoolClient",
    "CreateResourceServer",
    "CreateUserPoolDomain",
    "CreateManagedLoginBranding",
    "CreateGroup",
    "AdminAddUserToGroup",
    "ListUserPoolClients",
    "DescribeUserPoolClient",
    "DescribeUserPoolDomain",
    "ListGroups",
    "ListResourceServers",
    "InitiateAuth",
    "RespondToAuthChallenge",
    # Changing an existing pool (issue 14).
    "UpdateUserPool",
    "AddCustomAttributes",
    "TagResource",
    "UntagResource",
    "UpdateUserPoolClient",
    "UpdateUserPoolDomain",
    "UpdateGroup",
    # The user import job (issue 15).
    "GetCSVHeader",
    "CreateUserImportJob",
    "StartUserImportJob",
    "DescribeUserImportJob",
    "StopUserImportJob",
    "ListUserImportJobs",
]

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "assets", "service-model.json")


def member_entries(shapes, shape_name, path, required, seen):
    """Yields one entry for the member at `path`, then its children."""
    shape = shapes[shape_name]
    kind = shape["type"]
    entry = {"path": path, "type": kind}
    if required:
        entry["required"] = True
    for key in ("min", "max"):
        if key in shape:
            entry[key] = shape[key]
    if "enum" in shape:
        entry["enum"] = shape["enum"]
    if "pattern" in shape:
        entry["pattern"] = shape["pattern"]
    if shape.get("sensitive"):
        entry["sensitive"] = True
    yield entry
    if shape_name in seen:
        raise SystemExit(f"recursive shape {shape_name} at {path}: the table format cannot hold it")
    seen = seen | {shape_name}
    if kind == "structure":
        needed = set(shape.get("required", []))
        for name, member in shape["members"].items():
            child = f"{path}.{name}" if path else name
            yield from member_entries(shapes, member["shape"], child, name in needed, seen)
    elif kind == "list":
        yield from member_entries(shapes, shape["member"]["shape"], f"{path}[]", False, seen)
    elif kind == "map":
        yield from member_entries(shapes, shape["key"]["shape"], f"{path}{{key}}", False, seen)
        yield from member_entries(shapes, shape["value"]["shape"], f"{path}{{value}}", False, seen)


def operation_members(model, operation):
    shapes = model["shapes"]
    input_shape = model["operations"][operation]["input"]["shape"]
    entries = list(member_entries(shapes, input_shape, "", False, frozenset()))
    return entries[1:]  # the request itself is not a member


def render(model):
    lines = [
        "{",
        f'  "generated_by": "scripts/gen-service-model.py",',
        f'  "botocore": {json.dumps(botocore.__version__)},',
        f'  "api_version": {json.dumps(model["metadata"]["apiVersion"])},',
        '  "operations": {',
    ]
    for i, operation in enumerate(OPERATIONS):
        members = operation_members(model, operation)
        lines.append(f"    {json.dumps(operation)}: [")
        for j, entry in enumerate(members):
            comma = "," if j + 1 < len(members) else ""
            lines.append(f"      {json.dumps(entry, ensure_ascii=False)}{comma}")
        lines.append("    ]" + ("," if i + 1 < len(OPERATIONS) else ""))
    lines += ["  }", "}", ""]
    return "\n".join(lines)


def main():
    model = botocore.loaders.Loader().load_service_model("cognito-idp", "service-2")
    text = render(model)
    if "--check" in sys.argv[1:]:
        with open(OUT, encoding="utf-8") as f:
            current = f.read()
        if current != text:
            print(
                f"assets/service-model.json is out of date with botocore {botocore.__version__}: "
                "run python3 scripts/gen-service-model.py (with .venv/bin first on PATH)",
                file=sys.stderr,
            )
            sys.exit(1)
        print(f"assets/service-model.json matches botocore {botocore.__version__}")
        return
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote assets/service-model.json from botocore {botocore.__version__}")


if __name__ == "__main__":
    main()
