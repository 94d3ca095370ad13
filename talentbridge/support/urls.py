from django.urls import path

from . import compact_views
from . import views

app_name = "support"

urlpatterns = [
    path("", views.home, name="home"),
    path("leaders/", views.leaders, name="leaders"),
    path("leaders/<int:person_id>/", views.leader, name="leader"),
    path("leaders/<int:person_id>/check-ins/new/", views.new_check_in, name="check-in-new"),
    path("leaders/<int:person_id>/offers/new/", views.new_offer, name="offer-new"),
    path("offers/<int:pk>/answer/", views.answer_offer, name="offer-answer"),
    path("me/", views.mine, name="mine"),
    path("compact/", compact_views.compact_page, name="compact"),
    path("compact/download.<str:fmt>", compact_views.compact_export, name="compact-export"),
    path("compact/commitments/new/", compact_views.commitment_form, name="commitment-new"),
    path("compact/commitments/<int:pk>/edit/", compact_views.commitment_form, name="commitment-edit"),
    path("compact/rounds/new/", compact_views.new_round, name="round-new"),
    path("compact/pulse/", compact_views.pulse, name="pulse"),
]
