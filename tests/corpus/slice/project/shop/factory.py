"""A declarative base made by a factory function (FlexGet's pattern)."""
from sqlalchemy import MetaData
from sqlalchemy.orm import as_declarative

metadata = MetaData()


def versioned_base(plugin: str, version: int):
    @as_declarative(metadata=metadata)
    class VersionedBase:
        plugin_name = plugin
        plugin_version = version

    return VersionedBase
