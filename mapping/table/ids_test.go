package table

import "testing"

func TestDeriveID(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The customer places an order online", "customer_places_order"},
		{"The order is received in the Shopify system", "order_received_shopify"},
		{"Customer receives a shipping confirmation email with tracking", "customer_receives_shipping"},
		{"Warehouse team", "warehouse_team"},
		{"  Prüfung der Bestellung  ", "prufung_der_bestellung"},
		{"Réception & contrôle", "reception_controle"},
		{"The end", "end"},
		{"It is", "it_is"},
		{"High-value order?", "high_value_order"},
		{"24h check", "24h_check"},
		{"注文を受ける", ""},
		{"Supercalifragilisticexpialidocious-and-more-words-too-long-for-an-id", "supercalifragilisticexpialidocious_more"},
		{"Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"},
	}
	for _, tt := range tests {
		if got := deriveID(tt.in); got != tt.want {
			t.Errorf("deriveID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUniqueIDs(t *testing.T) {
	s := idSet{}
	got := []string{s.unique("pick", "step"), s.unique("pick", "step"), s.unique("pick_2", "step"), s.unique("", "step"), s.unique("", "step")}
	want := []string{"pick", "pick_2", "pick_2_2", "step_1", "step_2"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("unique #%d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestNameKey(t *testing.T) {
	same := [][2]string{{"Warehouse team", " warehouse  TEAM"}, {"Warehouse-Team", "warehouse team"}, {"倉庫 チーム", "倉庫  チーム"}}
	for _, p := range same {
		if nameKey(p[0]) != nameKey(p[1]) {
			t.Errorf("%q and %q should name the same owner", p[0], p[1])
		}
	}
	if nameKey("Warehouse") == nameKey("Warehouse team") {
		t.Error("Warehouse and Warehouse team are different owners")
	}
}
