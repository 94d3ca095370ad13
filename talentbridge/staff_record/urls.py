app_name = "staff_record"

urlpatterns: list = []
