app_name = "data_rights"

urlpatterns: list = []
