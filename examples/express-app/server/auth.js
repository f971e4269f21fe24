// An Express API with the problems of the troubleshooting article (jwtfix's example).
const express = require('express');
const jwt = require('jsonwebtoken');
const users = require('./users');

const JWT_SECRET = process.env.JWT_SECRET || 'secret';
const router = express.Router();

router.post('/auth/login', async (req, res) => {
  const user = await users.check(req.body.email, req.body.password);
  if (!user) return res.status(401).json({ message: 'bad credentials' });
  const accessToken = jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: process.env.JWT_EXPIRES_IN });
  const refreshToken = jwt.sign({ sub: user.id }, JWT_SECRET, { expiresIn: '7d' });
  res.cookie('refreshToken', refreshToken, { maxAge: 7 * 24 * 3600 * 1000 });
  res.json({ accessToken });
});

router.post('/auth/refresh', (req, res) => {
  const payload = jwt.verify(req.cookies.refreshToken, JWT_SECRET);
  const accessToken = jwt.sign({ sub: payload.sub }, JWT_SECRET, { expiresIn: '5m' });
  res.json({ accessToken });
});

router.post('/auth/logout', (req, res) => {
  res.clearCookie('refreshToken');
  res.sendStatus(204);
});

function requireUser(req, res, next) {
  const token = (req.headers.authorization || '').replace('Bearer ', '');
  req.user = jwt.decode(token);
  if (!req.user) return res.sendStatus(401);
  next();
}

module.exports = { router, requireUser };
