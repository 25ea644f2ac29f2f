from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person on our side; roles and the partner portal extend it later."""

    class Meta:
        db_table = "accounts_user"
