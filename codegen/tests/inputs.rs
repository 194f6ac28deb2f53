//! The spec features that keep inputs from being misused: id models, spread parameters
//! and unions that write their own tag. Each is checked for what it generates and for
//! the problems a wrong use of it reports (file and key).

use livechat_api_codegen::{generate, load_sources};

const SPEC: &str = r#"
[resource]
name = "rooms"
doc = "Rooms."

[[endpoint]]
name = "get"
doc = "Gets a room."
method = "GET"
path = "/rooms/{room_id}"
response = "Room"
reference = "x.md#get"

[[endpoint.param]]
name = "room_id"
type = "RoomId"
doc = "Id of the room."

[[endpoint]]
name = "say"
doc = "Says something in a visit."
method = "POST"
path = "/guests/{guest_id}/say"
response = "Room"
reference = "x.md#say"

[[endpoint.param]]
name = "visit"
type = "Visit"
required = true
spread = true
doc = "The visit."

[[endpoint.param]]
name = "text"
type = "string"
required = true
doc = "What is said."

[[endpoint]]
name = "arrange"
doc = "Arranges a room."
method = "POST"
path = "/rooms"
response = "Room"
reference = "x.md#arrange"

[[endpoint.param]]
name = "pieces"
type = "list<Piece>"
required = true
doc = "Pieces."

[[model]]
name = "RoomId"
kind = "id"
doc = "Id of a room."

[[model]]
name = "DoorId"
kind = "id"
doc = "Id of a door."

[[model]]
name = "Room"
doc = "A room."

[[model.field]]
name = "id"
type = "RoomId"
doc = "Id."

[[model]]
name = "Visit"
doc = "A guest's visit."

[[model.field]]
name = "guest_id"
type = "string"
required = true
doc = "Guest."

[[model.field]]
name = "house"
type = "int"
required = true
doc = "House."

[[model.field]]
name = "key"
type = "secret"
required = true
doc = "Key."

[[model]]
name = "Piece"
kind = "union"
tag = "type"
doc = "A piece of furniture."

[[model.variant]]
tag = "chair"
model = "Chair"
doc = "A chair."

[[model.variant]]
tag = "table"
model = "Table"
doc = "A table."

[[model]]
name = "Chair"
doc = "A chair."

[[model.field]]
name = "legs"
type = "int"
required = true
doc = "Legs."

[[model.field]]
name = "color"
type = "string"
doc = "Color."

[[model]]
name = "Table"
doc = "A table."

[[model.field]]
name = "seats"
type = "list<string>"
required = true
doc = "Seats."
"#;

fn problems(from: &str, to: &str) -> Vec<String> {
    assert!(SPEC.contains(from), "test edit {from:?} does not apply");
    let text = SPEC.replacen(from, to, 1);
    let error = load_sources(&[("rooms.toml".to_owned(), text)]).expect_err("rejected");
    error.problems.iter().map(ToString::to_string).collect()
}

fn generated() -> String {
    let spec = load_sources(&[("rooms.toml".to_owned(), SPEC.to_owned())]).expect("valid");
    generate(&spec)
}

fn squashed(text: &str) -> String {
    text.split_whitespace().collect()
}

#[test]
fn an_id_model_is_a_newtype_taken_by_its_path_parameter() {
    let code = squashed(&generated());
    assert!(code.contains("pubstructRoomId(String);"), "{code}");
    assert!(code.contains("pubid:Option<RoomId>"));
    assert!(code.contains("pubfnget(&self,room_id:implInto<RoomId>)"));
    assert!(code.contains("parameters.path(\"room_id\",&self.room_id);"));
    // The compile_fail evidence names the other id model in the same call.
    assert!(code.contains("```compile_fail"));
    assert!(code.contains("other:livechat_api::models::DoorId"));
}

#[test]
fn a_spread_parameter_fills_the_path_and_sends_its_other_fields() {
    let code = squashed(&generated());
    assert!(
        code.contains("pubfnsay(&self,visit:&Visit,text:implInto<String>)"),
        "{code}"
    );
    assert!(code.contains("parameters.path(\"guest_id\",&self.visit.guest_id);"));
    assert!(code.contains("parameters.body(\"house\",Some(&self.visit.house))?;"));
    assert!(code.contains("parameters.body(\"key\",Some(&self.visit.key))?;"));
    assert!(!code.contains("parameters.body(\"guest_id\""));
    // A secret field of the model's constructor is a `Secret`, not any text.
    assert!(code.contains("key:Secret,)"));
    assert!(code.contains("client.rooms().say(\"MH022RD0K5\",&visit)"));
}

#[test]
fn a_union_without_tag_fields_writes_its_tag_and_has_constructors() {
    let code = squashed(&generated());
    assert!(code.contains("tagged::serialize(serializer,\"type\",\"chair\",value)"));
    assert!(code.contains("\"chair\"=>tagged::variant(json,\"type\").map(Self::Chair)"));
    assert!(
        code.contains("pubfnchair(legs:implInto<i64>)->Self"),
        "{code}"
    );
    assert!(code.contains("pubfntable(seats:implIntoIterator<Item=implInto<String>>)->Self"));
}

#[test]
fn integer_parameters_take_any_integer() {
    let code = squashed(&generated());
    assert!(!code.contains("implInto<i64>)->Get"));
    let spec = SPEC.replace(
        "type = \"RoomId\"\ndoc = \"Id of the room.\"",
        "type = \"int\"\ndoc = \"Id of the room.\"",
    );
    let spec = load_sources(&[("rooms.toml".to_owned(), spec)]).expect("valid");
    let code = squashed(&generate(&spec));
    assert!(
        code.contains("pubfnget(&self,room_id:implInteger)"),
        "{code}"
    );
    assert!(code.contains("parameters.path(\"room_id\",&self.room_id.get()?);"));
}

#[test]
fn wrong_uses_are_reported_with_file_and_key() {
    assert_eq!(
        problems(
            "kind = \"id\"\ndoc = \"Id of a room.\"",
            "kind = \"id\"\ntag = \"x\"\ndoc = \"Id of a room.\""
        ),
        ["rooms.toml: model[0] \"RoomId\": an id model cannot have a tag"]
    );
    assert_eq!(
        problems(
            "type = \"RoomId\"\ndoc = \"Id of the room.\"",
            "type = \"Room\"\ndoc = \"Id of the room.\""
        ),
        [
            "rooms.toml: endpoint[0] \"get\" param \"room_id\".type: path parameters must be string, int or an id model"
        ]
    );
    assert_eq!(
        problems("required = true\nspread = true", "spread = true"),
        [
            "rooms.toml: endpoint[1] \"say\" param \"visit\".spread: a spread parameter must be a required struct model"
        ]
    );
    assert_eq!(
        problems(
            "name = \"text\"\ntype = \"string\"",
            "name = \"house\"\ntype = \"string\""
        ),
        [
            "rooms.toml: endpoint[1] \"say\" param \"visit\": field \"house\" is also another parameter of the endpoint"
        ]
    );
    assert_eq!(
        problems(
            "name = \"house\"\ntype = \"int\"\nrequired = true",
            "name = \"house\"\ntype = \"list<int>\"\nrequired = true"
        ),
        [
            "rooms.toml: endpoint[1] \"say\" param \"visit\".type: field \"house\" of a spread model must be a required string, int, float, bool, secret or id"
        ]
    );
    assert_eq!(
        problems(
            "name = \"guest_id\"\ntype = \"string\"",
            "name = \"guest\"\ntype = \"string\""
        ),
        [
            "rooms.toml: endpoint[1] \"say\".path: path parameter {guest_id} is not declared as a param"
        ]
    );
    assert_eq!(
        problems("name = \"legs\"", "name = \"type\""),
        [
            "rooms.toml: model[4] \"Piece\".tag: either every variant model declares the tag key \"type\" or none does (1 of 2 do)"
        ]
    );
    assert_eq!(
        problems("name = \"color\"", "name = \"chair\""),
        [
            "rooms.toml: model[4] \"Piece\" variant \"Chair\".name: its constructor `chair` would have the name of a field of the variant models"
        ]
    );
}
