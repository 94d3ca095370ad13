from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "talentbridge.mentoring"
    label = "mentoring"
    verbose_name = "Mentoring and coaching"
