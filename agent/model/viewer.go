package model

// Viewer is whom a store read is for. Every read of dossiers, their
// documents and applicants takes one, so the scope rule lives here once
// and no handler can forget it: an agent sees the dossiers they own; a
// supervisor's scope is all of them. The zero Viewer sees nothing, so a
// read made for nobody fails closed.
type Viewer struct {
	operatorID string
	all        bool
}

// Viewer is the operator's scope: their own dossiers, or all of them for
// a supervisor.
func (o Operator) Viewer() Viewer {
	return Viewer{operatorID: o.ID, all: o.Role == RoleSupervisor}
}

// KitViewer is the scope of the kit's own workers (delivery to the
// portal, the capture pipeline, USB bundles), which act on every dossier
// and never on a person's behalf. Handlers serving a person never use it.
func KitViewer() Viewer { return Viewer{all: true} }

// All reports whether v sees every dossier.
func (v Viewer) All() bool { return v.all }

// OperatorID is the one owner whose dossiers v sees when it does not see
// all; "" sees none.
func (v Viewer) OperatorID() string { return v.operatorID }

// Sees reports whether v may read a dossier owned by ownerID.
func (v Viewer) Sees(ownerID string) bool {
	return v.all || (v.operatorID != "" && v.operatorID == ownerID)
}
