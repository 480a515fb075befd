/* SPDX-License-Identifier: MIT */
/*
 * States of a split device's frontend and backend, written to the
 * "state" node of each end's xenstore directory as a decimal number.
 * Each end watches the other's node and moves along:
 *   Initialising -> InitWait (backend ready for frontend details) ->
 *   Initialised (frontend published its rings) -> Connected ->
 *   Closing -> Closed.
 * Reconfiguring/Reconfigured bracket a live change of the device.
 */
#ifndef _XEN_PUBLIC_IO_XENBUS_H
#define _XEN_PUBLIC_IO_XENBUS_H

enum xenbus_state {
    XenbusStateUnknown       = 0,
    XenbusStateInitialising  = 1,
    XenbusStateInitWait      = 2,
    XenbusStateInitialised   = 3,
    XenbusStateConnected     = 4,
    XenbusStateClosing       = 5,
    XenbusStateClosed        = 6,
    XenbusStateReconfiguring = 7,
    XenbusStateReconfigured  = 8
};
typedef enum xenbus_state XenbusState;

#endif /* _XEN_PUBLIC_IO_XENBUS_H */
