"""Phrases and answers the stories share."""

from __future__ import annotations

DONE = ("done", "done", "done")
QBR_NOTES = (
    "Quarterly business review: joint plan on track.",
    "Scorecard reviewed with both sponsors; no open escalations.",
    "Pipeline and enablement reviewed; two actions for the alliance managers.",
    "Targets for the next quarter agreed.",
)
TACTICAL_ANSWERS = {
    "well_defined_need": True,
    "time_bound": True,
    "no_deep_integration": True,
    "outsourced_deliverable": True,
    "sustained_collaboration": False,
}
STATUS_NOTES = (
    "Monthly review: deliverables on track.",
    "Monthly review: one risk raised, mitigation agreed.",
    "Budget and scope unchanged.",
)
PILOT_NOTES = (
    "Pilot review: milestones on track.",
    "Pilot review: success criteria tracked, no change.",
    "Pilot review: one risk raised and owned.",
)
HYBRID_ANSWERS = {
    "sustained_collaboration": True,
    "platform_codevelopment": True,
    "joint_capability": True,
    "well_defined_need": True,
    "time_bound": False,
    "proven_track_record": False,
    "due_diligence_complete": True,
}
