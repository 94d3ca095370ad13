"""Talent reviews (with calibration), placement histories and talent pools."""

from django.urls import path

from talentbridge.talent.reviews import funnel_views
from talentbridge.talent.reviews import pool_views
from talentbridge.talent.reviews import views as review_views

urlpatterns = [
    path("reviews/", review_views.review_list, name="reviews"),
    path("reviews/new/", review_views.review_create, name="review-create"),
    path("reviews/<int:pk>/", review_views.review_detail, name="review"),
    path("reviews/users/", review_views.review_users, name="review-users"),
    path("reviews/<int:pk>/place/", review_views.review_place, name="review-place"),
    path("reviews/<int:pk>/place/people/", review_views.review_place_people, name="review-place-people"),
    path("reviews/<int:pk>/placements/<int:placement_pk>/move/", review_views.placement_move, name="review-move"),
    path("reviews/<int:pk>/calibrate/", review_views.review_start_calibration, name="review-calibrate"),
    path("reviews/<int:pk>/lock/", review_views.review_lock, name="review-lock"),
    path("reviews/<int:pk>/export.<str:fmt>", review_views.review_export, name="review-export"),
    path("reviews/<int:pk>/funnel/", funnel_views.review_funnel, name="review-funnel"),
    path("pools/<int:pk>/funnel/", funnel_views.pool_funnel, name="pool-funnel"),
    path("placements/mine/", review_views.my_placement_history, name="my-placement-history"),
    path("placements/person/<int:person_pk>/", review_views.placement_history, name="placement-history"),
    path("pools/", pool_views.pool_list, name="pools"),
    path("pools/new/", pool_views.pool_create, name="pool-create"),
    path("pools/mine/", pool_views.my_nominations, name="my-nominations"),
    path("pools/<int:pk>/", pool_views.pool_detail, name="pool"),
    path("pools/<int:pk>/nominate/", pool_views.pool_nominate, name="pool-nominate"),
    path("pools/<int:pk>/nominate/people/", pool_views.pool_nominate_people, name="pool-nominate-people"),
    path("pools/<int:pk>/status/", pool_views.pool_status, name="pool-status"),
    path("pools/<int:pk>/export.<str:fmt>", pool_views.pool_export, name="pool-export"),
    path("pools/nominations/<int:pk>/decide/", pool_views.nomination_decide, name="pool-nomination-decide"),
    path("pools/nominations/<int:pk>/withdraw/", pool_views.nomination_withdraw, name="pool-nomination-withdraw"),
    path("pools/memberships/<int:pk>/exit/", pool_views.membership_exit, name="pool-membership-exit"),
]
