"""All models, importable from one place so the metadata is complete."""

from tracker.models.base import Base
from tracker.models.finance import (
    MEASURES,
    AnnualFigure,
    Budget,
    ExchangeRate,
    PlannedDisbursement,
    Transaction,
)
from tracker.models.org import ORGANISATION_KINDS, Organisation, ProjectOrganisation
from tracker.models.project import (
    ACTIVE,
    COMPLETED,
    NOT_REAL_SOURCES,
    SOURCES,
    Project,
    ProjectOtherSector,
    ProjectPlace,
    ProjectRecipient,
    ProjectRevision,
    ProjectSector,
    ProjectTarget,
    ProjectText,
    StatusChange,
    project_documents,
)
from tracker.models.reference import (
    ActivityStatus,
    Currency,
    OrganisationRole,
    Place,
    Sector,
    SectorCategory,
)
from tracker.models.sdg import Goal, Indicator, Target
from tracker.models.strategy import StrategicDocument, document_targets
from tracker.models.user import ROLES, ApiToken, SignInFailure, User

__all__ = [
    "MEASURES",
    "AnnualFigure",
    "Budget",
    "ExchangeRate",
    "PlannedDisbursement",
    "Transaction",
    "ACTIVE",
    "COMPLETED",
    "NOT_REAL_SOURCES",
    "ORGANISATION_KINDS",
    "ROLES",
    "SOURCES",
    "ActivityStatus",
    "ApiToken",
    "Base",
    "Currency",
    "Goal",
    "Indicator",
    "Organisation",
    "OrganisationRole",
    "Place",
    "Project",
    "ProjectOrganisation",
    "ProjectOtherSector",
    "ProjectPlace",
    "ProjectRecipient",
    "ProjectRevision",
    "ProjectSector",
    "ProjectTarget",
    "ProjectText",
    "Sector",
    "SectorCategory",
    "SignInFailure",
    "StatusChange",
    "StrategicDocument",
    "Target",
    "User",
    "document_targets",
    "project_documents",
]
