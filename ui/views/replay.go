package views

import (
	g "maragu.dev/gomponents"
	h "maragu.dev/gomponents/html"
)

// Replay is a form the helper sent after the session had ended: where it
// was going and what it carried, so that signing in again loses nothing.
// It lives only in the page the helper has open, never in the kit.
type Replay struct {
	Action string
	Fields []Field
}

// Field is one name and value of a replayed form, in the form's order.
type Field struct{ Name, Value string }

// ReplayPrefix marks a replayed field inside the sign-in form.
const ReplayPrefix = "replay:"

// ReplayActionField carries the replayed form's action through sign-in.
const ReplayActionField = "replay_action"

// replayHidden carries a replay through the sign-in form.
func replayHidden(r *Replay) g.Node {
	if r == nil {
		return nil
	}
	return g.Group([]g.Node{
		h.Input(h.Type("hidden"), h.Name(ReplayActionField), h.Value(r.Action)),
		g.Map(r.Fields, func(f Field) g.Node {
			return h.Input(h.Type("hidden"), h.Name(ReplayPrefix+f.Name), h.Value(f.Value))
		}),
	})
}

// ReplayProps is the page after signing in again: the form as it was
// sent, ready to send once more. The helper presses the button; nothing is
// sent on their behalf without a click.
type ReplayProps struct {
	Page   PageProps
	Replay Replay
}

// ReplayPage offers to send the interrupted form again.
func ReplayPage(p ReplayProps) g.Node {
	t := p.Page.T
	return Page(p.Page,
		h.H1(g.Text(t.T("replay.title"))),
		h.Div(h.Class("notice"), h.Role("status"), g.Text(t.T("replay.body"))),
		h.Form(h.Method("post"), h.Action(p.Replay.Action), h.ID("replay"),
			g.Map(p.Replay.Fields, func(f Field) g.Node {
				return h.Input(h.Type("hidden"), h.Name(f.Name), h.Value(f.Value))
			}),
			h.Button(h.Type("submit"), h.Class("primary"), h.ID("replay-submit"), g.Text(t.T("replay.submit"))),
		),
	)
}
