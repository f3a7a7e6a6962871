"""The five kinds of data the bureau imports, by their ImportKind value."""

from .communities import CommunityImporter
from .exercise import ExerciseImporter
from .facilities import FacilityImporter
from .models import ImportKind
from .physique import PhysiqueImporter
from .population import PopulationImporter

IMPORTERS = {
    ImportKind.POPULATION: PopulationImporter,
    ImportKind.FACILITIES: FacilityImporter,
    ImportKind.COMMUNITIES: CommunityImporter,
    ImportKind.EXERCISE: ExerciseImporter,
    ImportKind.PHYSIQUE: PhysiqueImporter,
}


def importer_for(kind):
    """The importer of a kind, or None when there is no such kind."""
    importer_class = IMPORTERS.get(kind)
    return importer_class() if importer_class else None


def all_importers():
    return [importer_class() for importer_class in IMPORTERS.values()]
