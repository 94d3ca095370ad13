"""The data_rights API."""

from ninja import Router

router = Router()
