// markdown-it always constructs a linkifier; the editor parses with
// `linkify: false` (the server's renderer links no bare addresses), so
// this one never finds anything.
export default class LinkifyIt {
  test() {
    return false;
  }
  pretest() {
    return false;
  }
  match() {
    return null;
  }
  matchAtStart() {
    return null;
  }
  set() {
    return this;
  }
}
