"""A budgeted walk of a PDF's object graph (qpdf through pikepdf): what acts, what it costs.

Active content is found **by meaning**: every action whose type runs or submits
something, every ``javascript:`` address, scripts, XFA forms, rich media and embedded
files, wherever they sit in the graph reachable from the trailer (qpdf reads object
streams and the cross-reference of the last incremental update). Each object walked is
charged to the meter, so 270,000 padding objects refuse the file instead of hiding a
script behind them.

The cost of rendering a page is known before it is rendered: the decompressed size of
every content stream it parses (a stream shared by ten pages counts ten times, because
it is parsed ten times), of the fonts and other streams it loads (once per document),
and the pixels of the images it draws.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

import pikepdf

from accredkit.adapters.inspection._budget import Meter, OverBudget, inflated_size

__all__ = [
    "ACTING_ACTIONS",
    "acts",
    "benign_open_action",
    "decoded_size",
    "find_active",
    "page_costs",
    "risky_uri",
    "stream_filters",
]

ACTING_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToR",
        "/GoToE",
        "/Rendition",
        "/Movie",
        "/Sound",
        "/RichMediaExecute",
    }
)
ACTING_ANNOTATIONS = frozenset({"/FileAttachment", "/RichMedia", "/Screen", "/Movie", "/Sound"})
EMBEDDED_MARKS = frozenset({"/EmbeddedFile", "/EmbeddedFiles", "/EF", "/FileAttachment"})
_ACTIVE_KEYS = frozenset({"/JS", "/JavaScript", "/XFA", "/AA", "/RichMediaContent"})
_TYPE_KEYS = frozenset({"/Subtype", "/Type"})
_RISKY_SCHEMES = ("javascript:", "vbscript:", "file:", "data:")
_MAX_DEPTH = 32
# Upper bounds of how much one filter can expand its input (zlib's deflate: 1032:1;
# LZW with 12-bit codes: about 4096:1; run length: 128:1; ASCII85's "z": 4:1).
_EXPANSION = {
    "/FlateDecode": 1032,
    "/Fl": 1032,
    "/LZWDecode": 4096,
    "/LZW": 4096,
    "/RunLengthDecode": 128,
    "/RL": 128,
    "/ASCII85Decode": 4,
    "/A85": 4,
    "/ASCIIHexDecode": 1,
    "/AHx": 1,
}
_IMAGE_FILTERS = frozenset({"/DCTDecode", "/DCT", "/JPXDecode", "/JBIG2Decode", "/CCITTFaxDecode"})


def risky_uri(value: Any) -> bool:
    """Whether a ``/URI`` runs code or reaches the reader's own machine."""
    try:
        text = bytes(value).decode("latin-1")
    except (TypeError, ValueError):
        return False
    plain = "".join(c for c in text if c > " ").lower()
    return plain.startswith(_RISKY_SCHEMES)


def benign_open_action(value: Any) -> bool:
    """An /OpenAction that only opens a page (a destination, or a GoTo with nothing next)."""
    if isinstance(value, pikepdf.Array):
        return True
    return (
        isinstance(value, pikepdf.Dictionary)
        and value.get("/S") == pikepdf.Name.GoTo
        and "/Next" not in value
    )


def acts(action: Any) -> str | None:
    """What an action dictionary does that the cabinet refuses, or ``None``."""
    if not isinstance(action, pikepdf.Dictionary):
        return None
    kind = str(action.get("/S", ""))
    if kind in ACTING_ACTIONS:
        return kind
    if kind == "/URI" and risky_uri(action.get("/URI", b"")):
        return "javascript: URI"
    return None


def _dictionary_marks(item: pikepdf.Object) -> Iterator[str]:
    keys = set(item.keys())  # one call into qpdf; most objects stop here
    yield from keys & _ACTIVE_KEYS
    yield from keys & EMBEDDED_MARKS
    if any(key.startswith("/RichMedia") for key in keys):
        yield "/RichMedia"
    if "/OpenAction" in keys and not benign_open_action(item.get("/OpenAction")):
        yield "/OpenAction"
    if "/S" in keys:
        action = acts(item)
        if action is not None:
            yield action
    for key in keys & _TYPE_KEYS:
        value = str(item.get(key))
        if value in EMBEDDED_MARKS:
            yield value
        elif value.startswith("/RichMedia"):
            yield "/RichMedia"
        elif value in ACTING_ANNOTATIONS:
            yield value


def find_active(pdf: pikepdf.Pdf, meter: Meter) -> set[str]:
    """Every mark of active content or an embedded file reachable from the trailer.

    Raises:
        OverBudget: the graph has more objects than the budget, or time ran out.
    """
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [pdf.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, pikepdf.Object) and item.is_indirect:
            key = item.objgen
            if key in seen:
                continue
            seen.add(key)
            meter.object()
        if isinstance(item, pikepdf.Dictionary | pikepdf.Stream):
            found.update(_dictionary_marks(item))
            stack.extend(item.values())
        elif isinstance(item, pikepdf.Array):
            meter.clock()
            stack.extend(item)
    return found


def stream_filters(stream: pikepdf.Object) -> list[str]:
    """The names of the filters ``stream`` is encoded with, outermost first."""
    value = stream.get("/Filter")
    if value is None:
        return []
    if isinstance(value, pikepdf.Array):
        return [str(f) for f in value]
    return [str(value)]


def decoded_size(stream: pikepdf.Object, meter: Meter) -> int:
    """The size ``stream`` has once decoded, charged to ``meter`` as it is found out.

    Raises:
        OverBudget: decoding would pass the budget, or its cost cannot be bounded.
    """
    filters = stream_filters(stream)
    raw = stream.read_raw_bytes()
    if not filters or filters[0] in _IMAGE_FILTERS:
        meter.decoded(len(raw))
        return len(raw)
    if filters in (["/FlateDecode"], ["/Fl"]):
        try:
            return inflated_size(raw, meter)
        except zlib.error:
            meter.decoded(len(raw))
            return len(raw)
    bound = len(raw)
    for name in filters:
        bound *= _EXPANSION.get(name, 1 << 20)
    if bound > meter.remaining_decoded():
        raise OverBudget("decompressed content: a stream whose decoded size cannot be bounded")
    size = len(stream.read_bytes())
    meter.decoded(size)
    return size


def _is_content(stream: pikepdf.Object) -> bool:
    """Streams a renderer parses at every use (forms, tiling patterns, glyph procedures)."""
    return stream.get("/Subtype") == pikepdf.Name.Form or stream.get("/PatternType") == 1


class _Costs:
    """Stream sizes remembered across pages, and what was charged once per document."""

    def __init__(self, meter: Meter) -> None:
        self.meter = meter
        self.sizes: dict[tuple[int, int], int] = {}
        self.loaded_once: set[tuple[int, int]] = set()

    def content(self, stream: pikepdf.Object) -> None:
        key = stream.objgen
        if key in self.sizes and key != (0, 0):
            self.meter.decoded(self.sizes[key])
            return
        self.sizes[key] = decoded_size(stream, self.meter)

    def once(self, stream: pikepdf.Object) -> None:
        key = stream.objgen
        if key in self.loaded_once and key != (0, 0):
            return
        self.loaded_once.add(key)
        decoded_size(stream, self.meter)


def _inherited_resources(page: pikepdf.Object) -> Any:
    node: Any = page
    for _ in range(_MAX_DEPTH):
        if not isinstance(node, pikepdf.Dictionary):
            return None
        if "/Resources" in node:
            return node.get("/Resources")
        node = node.get("/Parent")
    return None


def page_costs(pdf: pikepdf.Pdf, meter: Meter) -> int:
    """Charge what rendering each page will parse; return the number of pages.

    Images are not decoded here: the renderer reports the pixels each page draws, and
    they are charged before the page is rendered (``_pdf_render``).

    Raises:
        OverBudget: the pages together parse more than the budget allows.
    """
    costs = _Costs(meter)
    count = 0
    for page in pdf.pages:
        count += 1
        meter.clock()
        contents = page.obj.get("/Contents")
        parts = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        for part in parts:
            if isinstance(part, pikepdf.Stream):
                costs.content(part)
        _resources_cost(_inherited_resources(page.obj), costs)
    return count


def _resources_cost(resources: Any, costs: _Costs) -> None:
    """Walk what a page's resources load and charge the streams it will decode."""
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Any, int]] = [(resources, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > _MAX_DEPTH:
            raise OverBudget("objects: resources nested too deep")
        if isinstance(item, pikepdf.Object) and item.is_indirect:
            if item.objgen in seen:
                continue
            seen.add(item.objgen)
            costs.meter.object()
        if isinstance(item, pikepdf.Stream):
            if item.get("/Subtype") == pikepdf.Name.Image:
                pass  # decoded by the renderer, charged by its pixels
            elif _is_content(item):
                costs.content(item)
            else:
                costs.once(item)
            stack.extend((value, depth + 1) for value in item.values())
        elif isinstance(item, pikepdf.Dictionary):
            stack.extend(
                (value, depth + 1) for key, value in item.items() if key not in ("/Parent", "/P")
            )
        elif isinstance(item, pikepdf.Array):
            stack.extend((value, depth + 1) for value in item)
