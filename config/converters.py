"""The `id` path converter: the digits of a database id, and nothing a database cannot hold.

Django's `int` takes any number of digits, and 99999999999999999999 then reaches a query:
SQLite cannot even bind it. Past the largest id a row can have, the address matches no
page: a 404, as for any other id that is not there.
"""

from django.urls.converters import IntConverter

LARGEST_ID = 2**63 - 1  # a bigint


class IdConverter(IntConverter):
    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if number > LARGEST_ID:
            raise ValueError("not an id")  # the resolver takes it as "no match"
        return number
