"""Chinese formats as Django ships them, but numbers grouped by thousands with commas.

Django's zh_Hans locale groups by nothing ("1267386"); statistical bulletins write 1,267,386.
"""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
