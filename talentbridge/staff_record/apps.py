from django.apps import AppConfig


class StaffRecordConfig(AppConfig):
    name = "talentbridge.staff_record"
    label = "staff_record"
