"""Talent search: people in the viewer's scope by readiness, strengths, needs and mobility."""
