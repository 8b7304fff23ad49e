/** The protocol version every frame carries as `v`; bumped on any incompatible change. */
export const protocolVersion = 1;
