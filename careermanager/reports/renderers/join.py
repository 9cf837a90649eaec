"""Join PDFs compiled in parts into one, keeping every part's tags.

A long document is compiled in parts (``careermanager.reports.renderers.pdf.Part``), each with
its own structure tree: the tags that tell assistive technology what is a heading, a table, a
header cell. Appending the pages alone (what PDF libraries do) leaves those trees behind, and
the joined file is no longer tagged. ``join_pdfs`` carries them over:

- the pages of each part, in order, with their ``/StructParents`` keys moved past those of the
  parts before;
- one ``Document`` element holding the elements of every part, each pointing to its new parent;
- the parent tree (which element owns each piece of marked content on a page), renumbered;
- element IDs made unique per part (``p2-U1x0y0``), with the table ``/Headers`` that refer to
  them renamed alike, and the ID tree rebuilt;
- the bookmarks of every part, the first part's metadata, language and title display.

    from careermanager.reports.renderers.join import join_pdfs
    content = join_pdfs([first_part_pdf, second_part_pdf])
"""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from careermanager.reports.renderers import compat


def join_pdfs(parts: list[bytes]) -> bytes:
    """One tagged PDF of the parts, in order."""
    if len(parts) == 1:
        return parts[0]
    writer = PdfWriter()
    struct_root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    struct_root_ref = compat.pdf_add_object(writer, struct_root)
    role_map = DictionaryObject()
    parent_tree: list = []
    ids: dict[str, IndirectObject] = {}
    document_ref: IndirectObject | None = None
    next_key = 0
    first_catalog = None

    for number, content in enumerate(parts, start=1):
        reader = PdfReader(io.BytesIO(content))
        catalog = reader.trailer["/Root"]
        first_catalog = first_catalog or catalog
        first_page = len(writer.pages)
        for page in reader.pages:
            new_page = writer.add_page(page)
            if "/StructParents" in page:
                new_page[NameObject("/StructParents")] = NumberObject(
                    int(page["/StructParents"]) + next_key
                )
        _copy_outline(writer, reader, reader.outline, first_page, parent=None)
        tree = catalog.get("/StructTreeRoot")
        if tree is None:
            continue
        tree = tree.get_object()
        for role, standard in tree.get("/RoleMap", DictionaryObject()).items():
            role_map[NameObject(role)] = standard
        # Clone the elements without their parent links (set again below), so nothing pulls
        # in the part's own structure tree root.
        tops = [_clone(kid, writer) for kid in _as_list(tree["/K"])]
        for key, value in _number_tree(tree["/ParentTree"].get_object()):
            parent_tree.append((key + next_key, _clone(value, writer)))
        next_key += int(tree.get("/ParentTreeNextKey", 0)) or (
            1 + max((key for key, _ in _number_tree(tree["/ParentTree"].get_object())), default=-1)
        )
        for top in tops:
            first = document_ref is None
            document_ref = _attach(top, document_ref, struct_root_ref)
            prefix = f"p{number}-"
            if first:
                _relink(top, ids, prefix=prefix)
            elif top.get_object().get("/S") == "/Document":
                for kid in _as_list(top.get_object().get("/K", ArrayObject())):
                    _relink(kid, ids, prefix=prefix, parent=document_ref)
            else:
                _relink(top, ids, prefix=prefix, parent=document_ref)

    struct_root[NameObject("/K")] = document_ref or ArrayObject()
    struct_root[NameObject("/RoleMap")] = role_map
    struct_root[NameObject("/ParentTree")] = DictionaryObject(
        {
            NameObject("/Nums"): ArrayObject(
                item for key, value in sorted(parent_tree) for item in (NumberObject(key), value)
            )
        }
    )
    struct_root[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
    if ids:
        struct_root[NameObject("/IDTree")] = DictionaryObject(
            {
                NameObject("/Names"): ArrayObject(
                    item for name in sorted(ids) for item in (TextStringObject(name), ids[name])
                )
            }
        )
    _finish_catalog(writer, first_catalog, struct_root_ref)
    if first_catalog is not None:
        first = PdfReader(io.BytesIO(parts[0]))
        writer.add_metadata(dict(first.metadata or {}))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _as_list(value) -> list:
    value = value.get_object() if isinstance(value, IndirectObject) else value
    return list(value) if isinstance(value, list) else [value]


def _clone(value, writer):
    return value.clone(writer, ignore_fields=["/P"])


def _number_tree(node) -> list:
    """The (key, value) pairs of a number tree, leaves and kids alike."""
    pairs = []
    nums = node.get("/Nums")
    if nums is not None:
        pairs += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums), 2)]
    for kid in node.get("/Kids", []):
        pairs += _number_tree(kid.get_object())
    return pairs


def _attach(top, document_ref, struct_root_ref):
    """Put a part's top element under the joined document; return the document element."""
    element = top.get_object()
    if document_ref is None:
        # The first part's Document element becomes the joined file's.
        element[NameObject("/P")] = struct_root_ref
        return top
    document = document_ref.get_object()
    kids = _as_list(document.get("/K", ArrayObject()))
    if element.get("/S") == "/Document":
        # Later parts' Document elements dissolve: their children join the first one's.
        kids += _as_list(element.get("/K", ArrayObject()))
    else:
        kids.append(top)
    document[NameObject("/K")] = ArrayObject(kids)
    return document_ref


def _relink(reference, ids: dict, *, prefix: str, parent=None) -> None:
    """Walk the elements: set each parent link, make IDs unique, follow renamed header IDs."""
    if not isinstance(reference, IndirectObject):
        return
    element = reference.get_object()
    if not isinstance(element, DictionaryObject) or "/S" not in element:
        return
    if parent is not None:
        element[NameObject("/P")] = parent
    if "/ID" in element:
        new_id = prefix + str(element["/ID"])
        element[NameObject("/ID")] = TextStringObject(new_id)
        ids[new_id] = reference
    for attributes in _as_list(element.get("/A", ArrayObject())):
        attributes = (
            attributes.get_object() if isinstance(attributes, IndirectObject) else attributes
        )
        if isinstance(attributes, DictionaryObject) and "/Headers" in attributes:
            attributes[NameObject("/Headers")] = ArrayObject(
                TextStringObject(prefix + str(header)) for header in attributes["/Headers"]
            )
    for kid in _as_list(element.get("/K", ArrayObject())):
        _relink(kid, ids, prefix=prefix, parent=reference)


def _copy_outline(writer, reader, items, first_page: int, parent) -> None:
    """Each part's bookmarks, pointing at its pages in the joined file."""
    previous = None
    for item in items:
        if isinstance(item, list):
            if previous is not None:
                _copy_outline(writer, reader, item, first_page, parent=previous)
            continue
        page = reader.get_destination_page_number(item)
        if page is None or page < 0:
            continue
        previous = writer.add_outline_item(
            title=item.title, page_number=first_page + page, parent=parent
        )


def _finish_catalog(writer, first_catalog, struct_root_ref) -> None:
    catalog = compat.pdf_catalog(writer)
    catalog[NameObject("/StructTreeRoot")] = struct_root_ref
    catalog[NameObject("/MarkInfo")] = DictionaryObject(
        {NameObject("/Marked"): BooleanObject(True)}
    )
    catalog[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )
    if first_catalog is not None:
        if "/Lang" in first_catalog:
            catalog[NameObject("/Lang")] = TextStringObject(str(first_catalog["/Lang"]))
        if "/Metadata" in first_catalog:
            catalog[NameObject("/Metadata")] = first_catalog["/Metadata"].clone(writer)
