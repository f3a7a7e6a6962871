"""A realistic demo of Huize County for `python manage.py seed_demo` (every row marked is_demo)."""
