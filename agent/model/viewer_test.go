package model

import "testing"

func TestViewer_Sees(t *testing.T) {
	tests := []struct {
		name   string
		v      Viewer
		owner  string
		sees   bool
		allToo bool
	}{
		{"an agent sees their own dossier", Operator{ID: "a", Role: RoleAgent}.Viewer(), "a", true, false},
		{"an agent does not see another agent's", Operator{ID: "a", Role: RoleAgent}.Viewer(), "b", false, false},
		{"an agent does not see a dossier made with no operator", Operator{ID: "a", Role: RoleAgent}.Viewer(), "", false, false},
		{"an operator with no role is an agent", Operator{ID: "a"}.Viewer(), "b", false, false},
		{"a supervisor sees all", Operator{ID: "s", Role: RoleSupervisor}.Viewer(), "b", true, true},
		{"the kit's workers see all", KitViewer(), "b", true, true},
		{"nobody sees nothing", Viewer{}, "", false, false},
		{"an operator without id sees nothing", Operator{Role: RoleAgent}.Viewer(), "", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.v.Sees(tt.owner); got != tt.sees {
				t.Errorf("Sees(%q) = %v, want %v", tt.owner, got, tt.sees)
			}
			if tt.v.All() != tt.allToo {
				t.Errorf("All() = %v, want %v", tt.v.All(), tt.allToo)
			}
		})
	}
}
