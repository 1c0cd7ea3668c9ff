"""Django (Debian's python3-django) with its stock postgresql backend (psycopg2): migrate of
contenttypes, auth, sessions and admin (CREATE TABLE, deferred foreign keys added by ALTER TABLE
... DEFERRABLE INITIALLY DEFERRED, ALTER COLUMN TYPE / DROP NOT NULL, DROP COLUMN, unique
constraints, varchar_pattern_ops indexes, all inside one transaction per migration), a second
migrate with nothing to do, then ORM CRUD. Prints one line per step; the test compares them.

Usage: django_app.py HOST PORT DATABASE"""
import sys

import django
from django.conf import settings

host, port, database = sys.argv[1], sys.argv[2], sys.argv[3]
settings.configure(
    DATABASES={
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": database,
            "USER": "app",
            "PASSWORD": "pw",
            "HOST": host,
            "PORT": port,
        }
    },
    INSTALLED_APPS=[
        "django.contrib.contenttypes",
        "django.contrib.auth",
        "django.contrib.sessions",
        "django.contrib.admin",
    ],
    USE_TZ=True,
    TIME_ZONE="UTC",
    SECRET_KEY="not-a-secret",
    DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
)
django.setup()

from django.contrib.admin.models import ADDITION, LogEntry  # noqa: E402
from django.contrib.auth.models import Group, Permission, User  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.migrations.recorder import MigrationRecorder  # noqa: E402

call_command("migrate", verbosity=0, interactive=False)
applied = MigrationRecorder(connection).applied_migrations()
print("applied", len(applied), sorted({app for app, _ in applied}))
call_command("migrate", verbosity=0, interactive=False)
print("again", len(MigrationRecorder(connection).applied_migrations()))
tables = sorted(t for t in connection.introspection.table_names() if t.startswith(("auth_", "django_")))
print("tables", tables)
print("content types", ContentType.objects.count(), "permissions", Permission.objects.count())

# auth_user's columns after the ALTERs of auth's migrations
with connection.cursor() as c:
    columns = connection.introspection.get_table_description(c, "auth_user")
print("user columns", [(col.name, col.null_ok) for col in columns
                       if col.name in ("username", "email", "last_login", "first_name")])

with transaction.atomic():
    editors = Group.objects.create(name="editors")
    editors.permissions.add(*Permission.objects.filter(codename__startswith="change_"))
    ann = User.objects.create_user("ann", "ann@example.com", "pw", first_name="Ann")
    bob = User.objects.create_user("bob", "bob@example.com", "pw")
    ann.groups.add(editors)
    LogEntry.objects.log_action(ann.pk, ContentType.objects.get_for_model(Group).pk,
                                editors.pk, "editors", ADDITION, "created")
print("users", list(User.objects.order_by("username").values_list("username", flat=True)))
print("ann", User.objects.get(username="ann").check_password("pw"),
      list(User.objects.get(username="ann").groups.values_list("name", flat=True)))
print("perms", User.objects.get(username="ann").has_perm("auth.change_user"),
      User.objects.get(username="bob").has_perm("auth.change_user"))
print("icontains", list(User.objects.filter(email__icontains="EXAMPLE.COM")
                        .order_by("username").values_list("username", flat=True)))
User.objects.filter(username="bob").update(last_name="Builder", is_staff=True)
print("bob", User.objects.values_list("last_name", "is_staff").get(username="bob"))

store = SessionStore()
store["cart"] = [1, 2]
store.create()
print("session", SessionStore(session_key=store.session_key).load())

connection.check_constraints()  # SET CONSTRAINTS ALL IMMEDIATE, then DEFERRED
print("log", LogEntry.objects.count(), LogEntry.objects.get().get_change_message())
User.objects.get(username="ann").delete()  # its log entries and memberships go with it
print("after delete", User.objects.count(), LogEntry.objects.count(),
      User.groups.through.objects.count())

# The schema editor on models of an app without migrations, as a project's own migrations use it:
# AddField with a default over existing rows (ADD COLUMN ... DEFAULT, then DROP DEFAULT), AlterField
# (TYPE, DROP NOT NULL, an index), a foreign key added (ADD CONSTRAINT ... DEFERRABLE) and removed
# (DROP COLUMN ... CASCADE, its index with it), RenameField, DeleteModel.
from django.db import models  # noqa: E402


class Shelf(models.Model):
    name = models.CharField(max_length=20)

    class Meta:
        app_label = "library"


class Book(models.Model):
    title = models.CharField(max_length=20)

    class Meta:
        app_label = "library"


def field(f, name, model):
    f.set_attributes_from_name(name)
    f.model = model
    return f


with connection.schema_editor() as editor:
    editor.create_model(Shelf)
    editor.create_model(Book)
Shelf.objects.create(name="top")
Book.objects.create(title="one")
Book.objects.create(title="two")
copies = field(models.IntegerField(default=3), "copies", Book)
with connection.schema_editor() as editor:
    editor.add_field(Book, copies)
with connection.cursor() as c:
    c.execute("SELECT copies FROM library_book ORDER BY id")
    print("copies kept their default", [v for (v,) in c.fetchall()])
title = field(models.CharField(max_length=20), "title", Book)
longer = field(models.CharField(max_length=80, null=True, db_index=True), "title", Book)
shelf = field(models.ForeignKey(Shelf, models.CASCADE, null=True), "shelf", Book)
with connection.schema_editor() as editor:
    editor.alter_field(Book, title, longer)
    editor.add_field(Book, shelf)
with connection.cursor() as c:
    c.execute("INSERT INTO library_book (title, copies, shelf_id) VALUES (NULL, 1, 1)")
    print("constraints", sorted(connection.introspection.get_constraints(c, "library_book")))
with connection.schema_editor() as editor:
    editor.remove_field(Book, shelf)
    editor.alter_field(Book, copies, field(models.IntegerField(default=3), "count", Book))
with connection.cursor() as c:
    print("columns", [col.name for col in
                      connection.introspection.get_table_description(c, "library_book")])
    print("constraints", sorted(connection.introspection.get_constraints(c, "library_book")))
with connection.schema_editor() as editor:
    editor.delete_model(Book)
    editor.delete_model(Shelf)
print("models deleted", sorted(t for t in connection.introspection.table_names()
                               if t.startswith("library_")))
