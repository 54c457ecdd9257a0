"""Where a mistake sits in a YAML data file: the line of a validation error's location, and keys
given twice (which YAML keeps silently). Shared by every checked data file (``extract.rules``,
``codebook``) so a bad entry is reported with its file and line."""

from __future__ import annotations

from typing import Any

import yaml


def node_line(root: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The line (1-based) of the deepest part of ``loc`` found in the composed file."""
    node, line = root, None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            found = next(((k, v) for k, v in node.value if k.value == str(part)), None)
            if found is None:
                break
            line, node = found[0].start_mark.line + 1, found[1]
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line if line is not None else (root.start_mark.line + 1 if root is not None else None)


def duplicate_keys(node: yaml.Node | None) -> list[tuple[int, str]]:
    """Keys given twice in one mapping (YAML keeps the last silently), as (line, key)."""
    out: list[tuple[int, str]] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if key.value in seen:
                out.append((key.start_mark.line + 1, str(key.value)))
            seen.add(key.value)
            out.extend(duplicate_keys(value))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            out.extend(duplicate_keys(item))
    return out
