from django import template

from gongkai.reports import grids

register = template.Library()


@register.filter
def grid2(t2):
    return grids.table2(t2)


@register.filter
def grid3(t3):
    return grids.table3(t3)


@register.filter
def grid4(t4):
    return grids.table4(t4)


@register.filter
def head_row(row):
    return grids.is_head_row(row)


@register.filter
def head_and_body(grid):
    return grids.head_and_body(grid)
