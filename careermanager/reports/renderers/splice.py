"""Join PDFs that Typst made by splicing their objects together, in a fraction of a second.

Typst writes every PDF the same plain way: a classic cross-reference table, each object on its
own ("12 0 obj ... endobj"), no object streams, one flat page tree, a structure tree whose root
holds its parent tree and ID tree inline. That makes joining its parts a matter of renumbering:
every object of the second part is moved past those of the first, and so on, with references
("12 0 R") rewritten in the objects' dictionaries (never inside strings, never inside streams),
and a few objects made anew for the whole:

- the catalog, the page tree and the outline root, over the pages and bookmarks of every part;
- the structure tree root: one ``Document`` element (the first part's) with the elements of
  every part, the parent tree renumbered (``/StructParents`` keys moved past those of the parts
  before), element IDs made unique per part (``p2-U1x0y0``), and table ``/Headers`` renamed
  alike, the ID tree rebuilt.

Objects of a part that the whole replaces are written as ``null``. Streams (page content,
fonts, pictures) are copied byte for byte.

Anything else (a PDF this module does not recognise as Typst's) raises ``NotSpliceable``, and
``join.join_pdfs`` joins the parts with pypdf instead, which is slower but takes any PDF.

    content = splice_pdfs([first_part, second_part])
"""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

# Strings are found first so that nothing inside them is rewritten (their end is found by
# counting brackets: Typst leaves balanced ones unescaped); then references, the
# structure-parent keys of pages (and annotations), element IDs and table header lists.
_TOKENS = re.compile(
    rb"(?P<string>\()"
    rb"|(?<![\d.])(?P<ref>\d+) 0 R"
    rb"|/StructParents? (?P<key>\d+)"
    rb"|(?P<id>/ID\()"
    rb"|(?P<headers>/Headers\[)"
)
_STRING_CHARACTERS = re.compile(rb"[\\()]")
# The same in one pass, for objects whose strings hold no brackets of their own (nearly all):
# a string is then everything up to its first unescaped closing bracket.
_SIMPLE_STRING = rb"\((?:[^\\()]|\\.)*\)"
_FAST_TOKENS = re.compile(
    rb"(?P<string>" + _SIMPLE_STRING + rb")"
    rb"|(?<![\d.])(?P<ref>\d+) 0 R"
    rb"|/StructParents? (?P<key>\d+)"
    rb"|/ID(?P<id>" + _SIMPLE_STRING + rb")"
    rb"|/Headers\[(?P<headers>(?:\s*" + _SIMPLE_STRING + rb")*)\s*\]",
    re.DOTALL,
)
_NESTED = re.compile(rb"\((?:[^\\()]|\\.)*\(", re.DOTALL)
_SIMPLE = re.compile(_SIMPLE_STRING, re.DOTALL)
_CATALOG_KEYS = {
    b"Type",
    b"Catalog",
    b"Pages",
    b"Metadata",
    b"Lang",
    b"StructTreeRoot",
    b"MarkInfo",
    b"ViewerPreferences",
    b"Outlines",
}


class NotSpliceable(ValueError):
    """The PDF is not shaped as Typst writes them; join it another way."""


@dataclass
class _Object:
    head: bytes  # the dictionary, array or value: where references are rewritten
    stream: bytes = b""  # "stream ... endstream" copied as it is, or nothing


def page_count(content: bytes) -> int:
    """The number of pages of a PDF Typst made."""
    found = re.search(rb"/Type/Pages/Count (\d+)", content)
    if found is None:
        raise NotSpliceable("no page tree with a count")
    return int(found.group(1))


class _Part:
    """One part: its objects by number, and the numbers of the ones the whole replaces."""

    def __init__(self, content: bytes, *, structure: bool = True) -> None:
        tail = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", content)
        if tail is None:
            raise NotSpliceable("no cross-reference table at the end")
        xref_at = int(tail.group(1))
        table = re.compile(rb"xref\s+0 (\d+)\s+").match(content, xref_at)
        if table is None:
            raise NotSpliceable("not a classic cross-reference table from object 0")
        self.size = int(table.group(1))
        entries = re.compile(rb"(\d{10}) (\d{5}) ([nf])\s*")
        offsets: dict[int, int] = {}
        position = table.end()
        for number in range(self.size):
            entry = entries.match(content, position)
            if entry is None:
                raise NotSpliceable("a cross-reference entry out of shape")
            position = entry.end()
            if entry.group(3) == b"n":
                offsets[number] = int(entry.group(1))
        trailer = content[position:]
        self.root = _ref_after(b"/Root", trailer)
        self.info = _ref_after(b"/Info", trailer, required=False)
        ends = sorted([*offsets.values(), xref_at])
        next_start = dict(pairwise(ends))
        self.objects: dict[int, _Object] = {}
        for number, start in offsets.items():
            self.objects[number] = _read_object(content, number, start, next_start[start])

        catalog = self.objects[self.root].head
        keys = set(re.findall(rb"/(\w+)", _outer(_without_strings(catalog))))
        if not keys <= _CATALOG_KEYS:
            raise NotSpliceable(f"catalog entries {sorted(keys - _CATALOG_KEYS)}")
        self.pages = _ref_after(b"/Pages", catalog)
        self.outlines = _ref_after(b"/Outlines", catalog, required=False)
        self.metadata = _ref_after(b"/Metadata", catalog, required=False)
        lang = catalog.find(b"/Lang(")
        self.lang = catalog[lang + 5 : _string_end(catalog, lang + 5)] if lang >= 0 else None

        pages = self.objects[self.pages].head
        self.kids = [int(n) for n in re.findall(rb"(\d+) 0 R", _array_after(b"/Kids", pages))]
        for kid in self.kids:
            if not self.objects[kid].head.startswith(b"<</Type/Page/"):
                raise NotSpliceable("a page tree with more than one level")

        self.struct_root = _ref_after(b"/StructTreeRoot", catalog, required=False)
        self.document = None
        self.top_kids: list[int] = []
        self.parent_tree: list[tuple[int, int]] = []
        self.next_key = 0
        self.role_map = b""
        if structure and self.struct_root is not None:
            self._read_structure(self.objects[self.struct_root].head)

    def _read_structure(self, root: bytes) -> None:
        top = re.findall(rb"(\d+) 0 R", _array_after(b"/K", root))
        if len(top) != 1:
            raise NotSpliceable("a structure tree without a single top element")
        self.document = int(top[0])
        document = self.objects[self.document].head
        if b"/S/Document" not in document:
            raise NotSpliceable("a structure tree not under a Document element")
        kids = _array_after(b"/K", document)
        if re.sub(rb"\d+ 0 R|\s", b"", kids):
            raise NotSpliceable("marked content directly under the Document element")
        self.top_kids = [int(n) for n in re.findall(rb"(\d+) 0 R", kids)]
        if b"/ParentTree<</Nums[" not in root:
            raise NotSpliceable("a parent tree that is not one inline list")
        nums = _array_after(b"/Nums", root)
        self.parent_tree = [
            (int(key), int(ref)) for key, ref in re.findall(rb"(\d+) (\d+) 0 R", nums)
        ]
        next_key = re.search(rb"/ParentTreeNextKey (\d+)", root)
        self.next_key = (
            int(next_key.group(1))
            if next_key
            else 1 + max((key for key, _ in self.parent_tree), default=-1)
        )
        role_map = re.search(rb"/RoleMap<<([^<>]*)>>", root)
        self.role_map = role_map.group(1) if role_map else b""


def _read_object(content: bytes, number: int, start: int, end: int) -> _Object:
    header = b"%d 0 obj" % number
    if not content.startswith(header, start):
        raise NotSpliceable(f"object {number} is not where the table says")
    body = content[start + len(header) : end].rstrip()
    if not body.endswith(b"endobj"):
        raise NotSpliceable(f"object {number} does not end where expected")
    body = body[: -len(b"endobj")].strip()
    if not body.endswith(b"endstream"):
        return _Object(body)
    length = re.match(rb"<</Length (\d+)", body)
    if length is None:
        raise NotSpliceable(f"stream {number} without its length first")
    data_end = body.rindex(b"endstream")
    for end_of_line in (1, 0, 2):  # the line end before "endstream" is not counted
        data_start = data_end - end_of_line - int(length.group(1))
        marker = body.rfind(b"stream", 0, data_start)
        if marker >= 0 and body[marker:data_start].strip() == b"stream":
            break
    else:
        raise NotSpliceable(f"stream {number} of an unexpected length")
    return _Object(body[:marker].rstrip(), b"\n" + body[marker:])


def _string_end(text: bytes, start: int) -> int:
    """Where the literal string opening at `start` ends (just past its closing bracket)."""
    depth, position = 0, start
    while True:
        found = _STRING_CHARACTERS.search(text, position)
        if found is None:
            raise NotSpliceable("a string without its end")
        character = found.group()
        if character == b"\\":
            position = found.end() + 1
            continue
        depth += 1 if character == b"(" else -1
        position = found.end()
        if depth == 0:
            return position


def _without_strings(text: bytes) -> bytes:
    """The text with every literal string emptied, to read its names and brackets."""
    pieces, position = [], 0
    while (start := text.find(b"(", position)) >= 0:
        pieces.append(text[position:start] + b"()")
        position = _string_end(text, start)
    return b"".join([*pieces, text[position:]])


def _outer(dictionary: bytes) -> bytes:
    """The dictionary's own level: nested dictionaries and arrays emptied."""
    inner = dictionary[2:-2] if dictionary.startswith(b"<<") else dictionary
    previous = None
    while previous != inner:
        previous = inner
        inner = re.sub(rb"<<[^<>]*>>|\[[^\[\]]*\]", b"", inner)
    return inner


def _ref_after(key: bytes, text: bytes, *, required: bool = True) -> int | None:
    found = re.search(re.escape(key) + rb"\s*(\d+) 0 R", text)
    if found is None:
        if required:
            raise NotSpliceable(f"no {key.decode()} reference")
        return None
    return int(found.group(1))


def _array_after(key: bytes, text: bytes) -> bytes:
    """The inside of the array that follows `key` (references only; no nested arrays)."""
    found = re.search(re.escape(key) + rb"\s*\[([^\[\]]*)\]", text)
    if found is None:
        single = re.search(re.escape(key) + rb"\s*(\d+ 0 R)", text)
        if single is None:
            raise NotSpliceable(f"no {key.decode()} array")
        return single.group(1)
    return found.group(1)


def splice_pdfs(parts: list[bytes], *, footers: bytes | Callable[[], bytes] | None = None) -> bytes:
    """One tagged PDF of Typst's parts, in order. Raise NotSpliceable if one is not Typst's.

    ``footers``, if given, is a PDF with as many pages as the parts together, holding nothing
    but each page's footer: page n's footer is drawn over page n of the whole (as a form, in
    the page's own artifact marking), so the parts can be compiled without knowing their place.
    It may be a function that returns it, called once the parts are in place (so the footers
    can be compiling meanwhile).
    """
    if len(parts) == 1 and footers is None:
        return parts[0]
    read = [_Part(content) for content in parts]
    first = read[0]
    if first.struct_root is None or any(part.struct_root is None for part in read):
        raise NotSpliceable("a part without tags")

    bases, size = [], 1
    for part in read:
        bases.append(size - 1)
        size += part.size - 1
    # The whole's own objects come next; the footers' objects, if any, after them.
    catalog, pages, struct_root, outlines = size, size + 1, size + 2, size + 3
    size += 4
    document = first.document + bases[0]

    objects: dict[int, bytes] = {}
    ids: list[tuple[bytes, int]] = []
    parent_tree: list[tuple[int, int]] = []
    top_kids: list[int] = []
    page_refs: list[int] = []
    outline_items: list[tuple[int, int]] = []  # each part's first and last top-level bookmark
    outline_count = 0
    role_maps: dict[bytes, None] = {}
    key_base = 0
    for index, (part, base) in enumerate(zip(read, bases, strict=True)):
        prefix = b"p%d-" % (index + 1)
        remap = {
            part.pages: pages,
            part.struct_root: struct_root,
            part.document: document,
        }
        if part.outlines is not None:
            remap[part.outlines] = outlines
        dropped = {part.root, part.pages, part.struct_root}
        if part.outlines is not None:
            dropped.add(part.outlines)
        if index > 0:
            dropped.add(part.document)
            if part.info is not None:
                dropped.add(part.info)
            if part.metadata is not None:
                dropped.add(part.metadata)
        rewrite = _Rewriter(remap, base, key_base, prefix)
        for number, found in part.objects.items():
            new = number + base
            if number in dropped:
                objects[new] = b"null"
                continue
            objects[new] = rewrite(found.head) + found.stream
            if b"/Type/StructElem" in found.head:
                ids += [(element_id, new) for element_id in rewrite.ids]
        parent_tree += [(key + key_base, ref + base) for key, ref in part.parent_tree]
        top_kids += [remap.get(kid, kid + base) for kid in part.top_kids]
        page_refs += [kid + base for kid in part.kids]
        if part.outlines is not None:
            root = part.objects[part.outlines].head
            first_item = _ref_after(b"/First", root, required=False)
            last_item = _ref_after(b"/Last", root, required=False)
            if first_item is not None and last_item is not None:
                outline_items.append((first_item + base, last_item + base))
                count = re.search(rb"/Count (-?\d+)", root)
                outline_count += abs(int(count.group(1))) if count else 0
        for entry in re.findall(rb"/(\w+)\s*/(\w+)", part.role_map):
            role_maps[b"/%s/%s" % entry] = None
        key_base += part.next_key

    if footers is not None:
        overlay = _Part(footers() if callable(footers) else footers, structure=False)
        overlay_base = size - 1
        size = _draw_footers(objects, overlay, overlay_base, page_refs, size + overlay.size - 1)

    # Bookmarks: each part's top-level items follow the previous part's.
    for (_, last), (first_next, _) in pairwise(outline_items):
        objects[last] = b"<</Next %d 0 R" % first_next + objects[last][2:]
        objects[first_next] = b"<</Prev %d 0 R" % last + objects[first_next][2:]

    old_document = objects[document]
    objects[document] = re.sub(
        rb"/K\s*\[[^\[\]]*\]",
        lambda _: b"/K[" + b" ".join(b"%d 0 R" % kid for kid in top_kids) + b"]",
        old_document,
        count=1,
    )
    objects[pages] = b"<</Type/Pages/Count %d/Kids[%s]>>" % (
        len(page_refs),
        b" ".join(b"%d 0 R" % ref for ref in page_refs),
    )
    nums = b" ".join(b"%d %d 0 R" % pair for pair in sorted(parent_tree))
    id_tree = b" ".join(b"%s%d 0 R" % pair for pair in sorted(ids))
    objects[struct_root] = (
        b"<</Type/StructTreeRoot/RoleMap<<"
        + b"".join(role_maps)
        + b">>/K %d 0 R/ParentTree<</Nums[%s]>>" % (document, nums)
        + (b"/IDTree<</Names[%s]>>" % id_tree if ids else b"")
        + b"/ParentTreeNextKey %d>>" % key_base
    )
    if outline_items:
        objects[outlines] = b"<</Type/Outlines/First %d 0 R/Last %d 0 R/Count %d>>" % (
            outline_items[0][0],
            outline_items[-1][1],
            outline_count,
        )
    else:
        objects[outlines] = b"null"
    objects[catalog] = (
        b"<</Type/Catalog/Pages %d 0 R" % pages
        + (b"/Metadata %d 0 R" % (first.metadata + bases[0]) if first.metadata else b"")
        + (b"/Lang" + first.lang if first.lang else b"")
        + b"/StructTreeRoot %d 0 R/MarkInfo<</Marked true/Suspects false>>" % struct_root
        + b"/ViewerPreferences<</Direction/L2R/DisplayDocTitle true>>"
        + (b"/Outlines %d 0 R" % outlines if outline_items else b"")
        + b">>"
    )
    return _write(objects, size, catalog, first.info + bases[0] if first.info else None, parts)


FOOTER = b"/CMFooter"


def _draw_footers(objects: dict, overlay: _Part, base: int, page_refs: list, size: int) -> int:
    """Draw each footer page over its page of the whole; return the new object count."""
    if len(overlay.kids) != len(page_refs):
        raise NotSpliceable("footers for a different number of pages")
    rewrite = _Rewriter({}, base, 0, b"f-")
    for number, found in overlay.objects.items():
        objects[number + base] = rewrite(found.head) + found.stream
    for number in {overlay.root, overlay.pages, overlay.struct_root, overlay.outlines}:
        if number is not None:
            objects[number + base] = b"null"
    opening, closing = size, size + 1
    objects[opening] = b"<</Length 2>>\nstream\nq\nendstream"
    drawing = b"\nQ\n" + FOOTER + b" Do\n"
    objects[closing] = b"<</Length %d>>\nstream\n%s\nendstream" % (len(drawing), drawing)
    size += 2
    for kid, page_ref in zip(overlay.kids, page_refs, strict=True):
        footer_page = objects[kid + base]
        objects[kid + base] = b"null"
        contents = _ref_after(b"/Contents", footer_page)
        resources = _ref_after(b"/Resources", footer_page)
        box = re.search(rb"/MediaBox(\[[^\[\]]*\])", footer_page)
        if box is None:
            raise NotSpliceable("a footer page without its size")
        stream = objects[contents]
        objects[contents] = (
            b"<</Type/XObject/Subtype/Form/BBox%s/Resources %d 0 R" % (box.group(1), resources)
            + stream[2:]
        )
        page = objects[page_ref]
        body = _ref_after(b"/Contents", page)
        own = _ref_after(b"/Resources", page)
        mine = objects[own]
        if not mine.startswith(b"<<"):
            raise NotSpliceable("page resources that are not a dictionary")
        form = b"%s %d 0 R" % (FOOTER, contents)
        if b"/XObject<<" in mine:
            objects[size] = mine.replace(b"/XObject<<", b"/XObject<<" + form, 1)
        else:
            objects[size] = b"<</XObject<<" + form + b">>" + mine[2:]
        page = re.sub(rb"/Resources \d+ 0 R", b"/Resources %d 0 R" % size, page, count=1)
        objects[page_ref] = re.sub(
            rb"/Contents \d+ 0 R",
            b"/Contents[%d 0 R %d 0 R %d 0 R]" % (opening, body, closing),
            page,
            count=1,
        )
        size += 1
    return size


class _Rewriter:
    """Rewrite one part's object: references moved, keys moved, IDs made unique.

    After each call, ``ids`` holds the (new) element IDs the object declared.
    """

    def __init__(self, remap: dict, base: int, key_base: int, prefix: bytes) -> None:
        self.remap, self.base, self.key_base, self.prefix = remap, base, key_base, prefix
        self.ids: list[bytes] = []

    def __call__(self, head: bytes) -> bytes:
        self.ids = []
        if not any(marker in head for marker in (b" R", b"(", b"/StructParent")):
            return head
        if b"(" not in head or not _NESTED.search(head):
            return _FAST_TOKENS.sub(self._replace, head)
        return self._scan(head)

    def _replace(self, found: re.Match) -> bytes:
        kind = found.lastgroup
        if kind == "string":
            return found.group(0)
        if kind == "ref":
            number = int(found.group("ref"))
            return b"%d 0 R" % self.remap.get(number, number + self.base)
        if kind == "key":
            name = found.group(0).split(b" ")[0]
            return b"%s %d" % (name, int(found.group("key")) + self.key_base)
        if kind == "id":
            element_id = b"(" + self.prefix + found.group("id")[1:]
            self.ids.append(element_id)
            return b"/ID" + element_id
        return _SIMPLE.sub(lambda string: b"(" + self.prefix + string.group(0)[1:], found.group(0))

    def _scan(self, head: bytes) -> bytes:
        """As ``__call__``, for an object with brackets inside its strings."""
        pieces, position = [], 0
        while (found := _TOKENS.search(head, position)) is not None:
            pieces.append(head[position : found.start()])
            kind = found.lastgroup
            if kind == "string":
                position = _string_end(head, found.start())
                pieces.append(head[found.start() : position])
                continue
            position = found.end()
            if kind == "ref":
                number = int(found.group("ref"))
                pieces.append(b"%d 0 R" % self.remap.get(number, number + self.base))
            elif kind == "key":
                name = found.group(0).split(b" ")[0]
                pieces.append(b"%s %d" % (name, int(found.group("key")) + self.key_base))
            elif kind == "id":
                end = _string_end(head, position - 1)
                element_id = b"(" + self.prefix + head[position:end]
                self.ids.append(element_id)
                pieces.append(b"/ID" + element_id)
                position = end
            else:
                pieces.append(b"/Headers[")
                while True:
                    space = re.compile(rb"\s*").match(head, position).end()
                    pieces.append(head[position:space])
                    position = space
                    if head.startswith(b"(", position):
                        end = _string_end(head, position)
                        pieces.append(b"(" + self.prefix + head[position + 1 : end])
                        position = end
                    elif head.startswith(b"]", position):
                        pieces.append(b"]")
                        position += 1
                        break
                    else:
                        raise NotSpliceable("table headers that are not a list of strings")
        pieces.append(head[position:])
        return b"".join(pieces)


def _write(objects: dict[int, bytes], size: int, catalog: int, info: int | None, parts) -> bytes:
    chunks = [b"%PDF-1.7\n%\x80\x80\x80\x80\n\n"]
    offset = len(chunks[0])
    offsets = [0] * size
    for number in range(1, size):
        offsets[number] = offset
        chunk = b"%d 0 obj\n%s\nendobj\n\n" % (number, objects.get(number, b"null"))
        chunks.append(chunk)
        offset += len(chunk)
    table = [b"xref\n0 %d\n0000000000 65535 f\r\n" % size]
    table += [b"%010d 00000 n\r\n" % position for position in offsets[1:]]
    digest = hashlib.md5(b"".join(part[:4096] for part in parts), usedforsecurity=False)
    identifier = digest.hexdigest().encode()
    trailer = (
        b"trailer\n<</Size %d/Root %d 0 R" % (size, catalog)
        + (b"/Info %d 0 R" % info if info else b"")
        + b"/ID[<%s><%s>]>>\nstartxref\n%d\n%%%%EOF\n" % (identifier, identifier, offset)
    )
    return b"".join([*chunks, *table, trailer])
