"""A portal's load policy: whether portalqa may send it load, within which caps, against which objectives.

Part of the portal profile (the `load:` section). Anything a policy does not allow is refused
before the first request.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class LoadPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    allowed: bool = False
