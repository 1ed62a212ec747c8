"""cmark-gfm, GitHub's C CommonMark, called through the library that the cmarkgfm wheel ships.

Why not cmarkgfm's own functions: they never free the syntax tree or the HTML buffer they
get from C, so every call leaks about 20 KB (10,000 notes: +90 MB; a preview server: more
with every save; theacodes/cmarkgfm#53). Here the same C functions are called with ctypes
and every allocation is given back to cmark's allocator. (ctypes, not cffi: declaring the
functions with cffi parses C at every start, 20 ms of a small site's build.)

``renderer()`` is None where the library cannot be reached this way (no wheel for the
interpreter, or a platform whose extension does not export its C functions); markdown.py
then renders everything with markdown-it-py, which writes the same HTML (tested).
"""

from __future__ import annotations

import functools
from typing import Callable

# cmark-gfm.h: ~~two tildes~~ only (as markdown-it), and table alignment as a style attribute.
STRIKETHROUGH_DOUBLE_TILDE = 1 << 14
TABLE_PREFER_STYLE_ATTRIBUTES = 1 << 15


@functools.cache
def renderer() -> Callable[[str], str] | None:
    """Markdown -> HTML with tables and strikethrough, or None when cmark-gfm is out of reach."""
    try:
        import ctypes

        from cmarkgfm import _cmark

        lib = ctypes.CDLL(_cmark.__file__)
        pointer, text = ctypes.c_void_p, ctypes.c_char_p
        for name, result, arguments in (
                ("cmark_get_default_mem_allocator", pointer, []),
                ("cmark_gfm_core_extensions_ensure_registered", None, []),
                ("cmark_find_syntax_extension", pointer, [text]),
                ("cmark_parser_new", pointer, [ctypes.c_int]),
                ("cmark_parser_free", None, [pointer]),
                ("cmark_parser_attach_syntax_extension", ctypes.c_int, [pointer, pointer]),
                ("cmark_parser_feed", None, [pointer, text, ctypes.c_size_t]),
                ("cmark_parser_finish", pointer, [pointer]),
                ("cmark_parser_get_syntax_extensions", pointer, [pointer]),
                ("cmark_render_html", pointer, [pointer, ctypes.c_int, pointer]),
                ("cmark_node_free", None, [pointer])):
            function = getattr(lib, name)
            function.restype, function.argtypes = result, arguments
        lib.cmark_gfm_core_extensions_ensure_registered()
        extensions = [lib.cmark_find_syntax_extension(name) for name in (b"table", b"strikethrough")]

        class Memory(ctypes.Structure):  # cmark_mem: the allocator that made what we free
            _fields_ = [("calloc", pointer), ("realloc", pointer),
                        ("free", ctypes.CFUNCTYPE(None, pointer))]

        release = ctypes.cast(lib.cmark_get_default_mem_allocator(), ctypes.POINTER(Memory)).contents.free
        string_at = ctypes.string_at
    except Exception:  # ImportError, OSError, AttributeError from a library built otherwise
        return None
    if not all(extensions):
        return None
    options = STRIKETHROUGH_DOUBLE_TILDE | TABLE_PREFER_STYLE_ATTRIBUTES

    def render(markdown: str) -> str:
        data = markdown.encode("utf-8", "surrogatepass")
        parser = lib.cmark_parser_new(options)
        try:
            for extension in extensions:
                lib.cmark_parser_attach_syntax_extension(parser, extension)
            lib.cmark_parser_feed(parser, data, len(data))
            root = lib.cmark_parser_finish(parser)
            try:
                html = lib.cmark_render_html(root, options, lib.cmark_parser_get_syntax_extensions(parser))
                try:
                    return string_at(html).decode("utf-8", "replace")
                finally:
                    release(html)
            finally:
                lib.cmark_node_free(root)
        finally:
            lib.cmark_parser_free(parser)

    return render
