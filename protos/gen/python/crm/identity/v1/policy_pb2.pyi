from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class PolicySnapshot(_message.Message):
    __slots__ = ("version", "users", "roles", "profiles", "groups", "sharing_defaults", "sharing_rules", "unowned_modules", "revocations")
    class SharingDefaultsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    VERSION_FIELD_NUMBER: _ClassVar[int]
    USERS_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    PROFILES_FIELD_NUMBER: _ClassVar[int]
    GROUPS_FIELD_NUMBER: _ClassVar[int]
    SHARING_DEFAULTS_FIELD_NUMBER: _ClassVar[int]
    SHARING_RULES_FIELD_NUMBER: _ClassVar[int]
    UNOWNED_MODULES_FIELD_NUMBER: _ClassVar[int]
    REVOCATIONS_FIELD_NUMBER: _ClassVar[int]
    version: int
    users: _containers.RepeatedCompositeFieldContainer[PolicyUser]
    roles: _containers.RepeatedCompositeFieldContainer[PolicyRole]
    profiles: _containers.RepeatedCompositeFieldContainer[PolicyProfile]
    groups: _containers.RepeatedCompositeFieldContainer[PolicyGroup]
    sharing_defaults: _containers.ScalarMap[str, str]
    sharing_rules: _containers.RepeatedCompositeFieldContainer[PolicySharingRule]
    unowned_modules: _containers.RepeatedScalarFieldContainer[str]
    revocations: _containers.RepeatedCompositeFieldContainer[PolicyRevocation]
    def __init__(self, version: _Optional[int] = ..., users: _Optional[_Iterable[_Union[PolicyUser, _Mapping]]] = ..., roles: _Optional[_Iterable[_Union[PolicyRole, _Mapping]]] = ..., profiles: _Optional[_Iterable[_Union[PolicyProfile, _Mapping]]] = ..., groups: _Optional[_Iterable[_Union[PolicyGroup, _Mapping]]] = ..., sharing_defaults: _Optional[_Mapping[str, str]] = ..., sharing_rules: _Optional[_Iterable[_Union[PolicySharingRule, _Mapping]]] = ..., unowned_modules: _Optional[_Iterable[str]] = ..., revocations: _Optional[_Iterable[_Union[PolicyRevocation, _Mapping]]] = ...) -> None: ...

class PolicyRevocation(_message.Message):
    __slots__ = ("kind", "id", "expires_at")
    KIND_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    kind: str
    id: str
    expires_at: int
    def __init__(self, kind: _Optional[str] = ..., id: _Optional[str] = ..., expires_at: _Optional[int] = ...) -> None: ...

class PolicyUser(_message.Message):
    __slots__ = ("id", "role_id", "is_admin", "active", "kind")
    ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_ID_FIELD_NUMBER: _ClassVar[int]
    IS_ADMIN_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    id: str
    role_id: str
    is_admin: bool
    active: bool
    kind: str
    def __init__(self, id: _Optional[str] = ..., role_id: _Optional[str] = ..., is_admin: _Optional[bool] = ..., active: _Optional[bool] = ..., kind: _Optional[str] = ...) -> None: ...

class PolicyRole(_message.Message):
    __slots__ = ("id", "name", "parent_id", "profile_ids")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    PARENT_ID_FIELD_NUMBER: _ClassVar[int]
    PROFILE_IDS_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    parent_id: str
    profile_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., parent_id: _Optional[str] = ..., profile_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class PolicyProfile(_message.Message):
    __slots__ = ("id", "name", "view_all", "edit_all", "modules", "fields")
    class ModulesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _struct_pb2.ListValue
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.ListValue, _Mapping]] = ...) -> None: ...
    class FieldsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: _struct_pb2.Struct
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    VIEW_ALL_FIELD_NUMBER: _ClassVar[int]
    EDIT_ALL_FIELD_NUMBER: _ClassVar[int]
    MODULES_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    view_all: bool
    edit_all: bool
    modules: _containers.MessageMap[str, _struct_pb2.ListValue]
    fields: _containers.MessageMap[str, _struct_pb2.Struct]
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., view_all: _Optional[bool] = ..., edit_all: _Optional[bool] = ..., modules: _Optional[_Mapping[str, _struct_pb2.ListValue]] = ..., fields: _Optional[_Mapping[str, _struct_pb2.Struct]] = ...) -> None: ...

class PolicyGroup(_message.Message):
    __slots__ = ("id", "name", "user_ids", "role_ids", "role_and_subordinate_ids")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    USER_IDS_FIELD_NUMBER: _ClassVar[int]
    ROLE_IDS_FIELD_NUMBER: _ClassVar[int]
    ROLE_AND_SUBORDINATE_IDS_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    user_ids: _containers.RepeatedScalarFieldContainer[str]
    role_ids: _containers.RepeatedScalarFieldContainer[str]
    role_and_subordinate_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., user_ids: _Optional[_Iterable[str]] = ..., role_ids: _Optional[_Iterable[str]] = ..., role_and_subordinate_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class PolicySharingRule(_message.Message):
    __slots__ = ("id", "module", "source_kind", "source_id", "target_kind", "target_id", "access")
    ID_FIELD_NUMBER: _ClassVar[int]
    MODULE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_KIND_FIELD_NUMBER: _ClassVar[int]
    SOURCE_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_KIND_FIELD_NUMBER: _ClassVar[int]
    TARGET_ID_FIELD_NUMBER: _ClassVar[int]
    ACCESS_FIELD_NUMBER: _ClassVar[int]
    id: str
    module: str
    source_kind: str
    source_id: str
    target_kind: str
    target_id: str
    access: str
    def __init__(self, id: _Optional[str] = ..., module: _Optional[str] = ..., source_kind: _Optional[str] = ..., source_id: _Optional[str] = ..., target_kind: _Optional[str] = ..., target_id: _Optional[str] = ..., access: _Optional[str] = ...) -> None: ...
