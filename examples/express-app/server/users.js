const bcrypt = require('bcryptjs');
const db = new Map();

async function check(email, password) {
  const user = db.get(email);
  return user && (await bcrypt.compare(password, user.hash)) ? user : null;
}

module.exports = { check };
