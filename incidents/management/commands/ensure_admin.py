"""Make sure an administrator exists: from DJANGO_ADMIN_USER / DJANGO_ADMIN_PASSWORD, or generated once."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the admin user from DJANGO_ADMIN_USER / DJANGO_ADMIN_PASSWORD, or, when no superuser exists, "
        "create 'admin' with a generated password and print it once."
    )

    def handle(self, *args, **opts):
        User = get_user_model()
        username = os.environ.get("DJANGO_ADMIN_USER", "").strip()
        password = os.environ.get("DJANGO_ADMIN_PASSWORD", "")
        if username and password:
            user, created = User.objects.get_or_create(username=username)
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
            self._add_admin_group(user)
            verb = "Created" if created else "Updated"
            self.stdout.write(self.style.SUCCESS(f"{verb} admin user '{username}' from the environment."))
            return
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("An admin user exists already (set DJANGO_ADMIN_USER/PASSWORD to reset one).")
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser("admin", password=password)
        self._add_admin_group(user)
        self.stdout.write(
            self.style.WARNING(
                "\n  Created admin user 'admin' with password: "
                f"{password}\n  It is shown only this once: note it down.\n"
            )
        )

    @staticmethod
    def _add_admin_group(user) -> None:
        group = Group.objects.filter(name="Admin").first()
        if group:
            user.groups.add(group)
