"""The task worker's side of large imports (see jobs.py); never run inside a request."""

from django_tasks import task

from . import jobs


@task()
def check_import(job_id):
    jobs.check(job_id)


@task()
def apply_import(job_id):
    jobs.apply(job_id)
