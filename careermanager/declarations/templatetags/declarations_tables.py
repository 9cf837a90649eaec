from django import template

register = template.Library()


@register.filter
def with_columns(cells, columns):
    """Each cell with its column, so numeric columns can be aligned like their heading."""
    return list(zip(cells, columns, strict=True))
