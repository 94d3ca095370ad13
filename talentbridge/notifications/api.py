"""The notifications API."""

from ninja import Router

router = Router()
