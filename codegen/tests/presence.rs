//! `presence` counts the fields of the models a response or a webhook delivery holds.

use livechat_api_codegen::{Presence, load_sources, presence};

const SPEC: &str = r#"
[resource]
name = "things"
doc = "Things."

[[endpoint]]
name = "create"
doc = "Creates a thing."
method = "POST"
path = "/things"
response = "Thing"
reference = "x.md#create"

[[endpoint.param]]
name = "thing"
type = "ThingInput"
doc = "The new thing."

[[model]]
name = "Thing"
doc = "A thing, as the API answers."

[[model.field]]
name = "id"
type = "int"
doc = "Id."
required = true

[[model.field]]
name = "label"
type = "string"
doc = "Label, when it has one."

[[model.field]]
name = "tags"
type = "list<string>"
doc = "Tags."

[[model]]
name = "ThingInput"
doc = "A thing to create: a request model, not counted."

[[model.field]]
name = "label"
type = "string"
doc = "Label."

[[model]]
name = "Delivery"
kind = "union"
tag = "event"
doc = "A pushed event, which nothing else refers to, so it counts as a response."

[[model.variant]]
tag = "created"
model = "Created"
doc = "A thing was created."

[[model]]
name = "Created"
doc = "A creation event."

[[model.field]]
name = "event"
type = "string"
doc = "The event."
required = true

[[model.field]]
name = "thing"
type = "Thing"
doc = "The thing, counted once although two models reach it."
"#;

#[test]
fn response_and_delivery_models_are_counted_and_request_models_are_not() {
    let spec = load_sources(&[("things.toml".into(), SPEC.into())]).expect("valid spec");
    assert_eq!(
        presence(&spec),
        Presence {
            models: 2,
            optional: 2,
            required: 2,
            collections: 1,
        }
    );
}
