"""Scheduled work on cases, run by Celery beat."""

from celery import shared_task

from cases import documents, notices, services


@shared_task
def refresh_priorities() -> int:
    """Each morning: the queue's order follows the days waited and the nearing deadlines."""
    return services.refresh_priorities()


@shared_task
def remind_deadlines() -> int:
    """Each morning: cases due within two business days, or past due, to their officials."""
    return notices.remind_deadlines()


@shared_task
def remind_information_due() -> int:
    """Each morning: companies whose answer is due within two business days."""
    return notices.remind_information_due()


@shared_task
def sweep_orphan_documents() -> int:
    """Every hour: files an upload left on disk when its transaction did not commit, in
    every registered upload folder (cases.documents.UPLOAD_FOLDERS)."""
    return documents.orphan_files_delete()
