"""The staff_record API."""

from ninja import Router

router = Router()
