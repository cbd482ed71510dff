"""Template tags for the dashboard's assets."""

import re
from functools import lru_cache

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html_join

register = template.Library()

# `import { a } from './b.js';` and `import './c.js';`: the dashboard's modules import by relative path only.
_IMPORT = re.compile(r"""^\s*import\s+(?:[^'"]*?\s+from\s+)?['"]\./([\w./-]+\.js)['"]""", re.MULTILINE)


def module_graph(entry: str) -> list[str]:
    """Every module that ``entry`` (a static path such as 'incidents/app.js') imports, directly or not,
    as static paths in a stable order (the entry first)."""
    folder = entry.rsplit("/", 1)[0]
    seen: list[str] = []
    todo = [entry]
    while todo:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.append(path)
        found = finders.find(path)
        if not found:
            continue
        with open(found, encoding="utf-8") as f:
            todo.extend(f"{folder}/{name}" for name in _IMPORT.findall(f.read()))
    return seen


_cached_graph = lru_cache(maxsize=8)(module_graph)


@register.simple_tag
def modulepreload(entry: str):
    """<link rel="modulepreload"> for every module under ``entry``: the browser fetches the whole graph
    at once instead of discovering it import by import (three round trips before the map asked for data)."""
    graph = module_graph(entry) if settings.DEBUG else _cached_graph(entry)
    return format_html_join("\n  ", '<link rel="modulepreload" href="{}">', ((static(p),) for p in graph[1:]))
