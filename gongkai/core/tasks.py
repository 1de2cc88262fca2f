"""Outgoing e-mail on the task queue: reminders, notices and the audit anchor are sent by the worker.

Scanners call :func:`send_mail` where they called Django's: it queues the message instead of talking to
the mail server inside the scan. With the database backend the task row is written in the caller's
transaction, so a message is queued exactly when the change that caused it (the claimed reminder) commits,
and a rolled-back change queues nothing; a slow or failing mail server no longer holds the scan, and a
failure is kept with its traceback on the task result (visible in the back office) instead of aborting the
run. The message travels as the task's arguments (subject, text, addresses): the row is the outbox entry.
"""

from __future__ import annotations

from django.core import mail
from django_tasks import task


@task()
def deliver_mail(subject: str, message: str, recipient_list: list[str], from_email: str | None = None) -> int:
    """Hand one message to the configured mail backend (SMTP, or the console in development)."""
    return mail.send_mail(
        subject=subject, message=message, from_email=from_email, recipient_list=recipient_list
    )


def send_mail(
    *, subject: str, message: str, recipient_list: list[str], from_email: str | None = None
) -> None:
    """Queue a message for the worker (same arguments as ``django.core.mail.send_mail``)."""
    if recipient_list:
        deliver_mail.enqueue(str(subject), str(message), [str(r) for r in recipient_list], from_email)
