from django.apps import AppConfig


class CareprogConfig(AppConfig):
    name = "careprog"
    verbose_name = "Trust organisation and access"

    def ready(self):
        from django.contrib.auth.models import Group
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import pre_delete, pre_save

        from careprog import checks  # noqa: F401 - registers the system checks
        from careprog.middleware import stamp_session_on_sign_in
        from careprog.models.users import record_sign_in
        from careprog.roles import refuse_role_group_delete, refuse_role_group_rename

        pre_delete.connect(refuse_role_group_delete, sender=Group, dispatch_uid="role_group_delete")
        pre_save.connect(refuse_role_group_rename, sender=Group, dispatch_uid="role_group_rename")
        user_logged_in.connect(stamp_session_on_sign_in, dispatch_uid="stamp_session_on_sign_in")
        # Django's own last-login receiver saves the account, writing a history record.
        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(record_sign_in, dispatch_uid="update_last_login")
