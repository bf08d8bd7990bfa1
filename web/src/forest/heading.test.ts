import { describe, expect, it } from 'vitest';
import { headingOf, norm360, smoothHeading, turnOf, turnTo } from './heading.ts';

describe('compass heading', () => {
  it('reads Android absolute alpha (counter-clockwise) as a clockwise heading', () => {
    expect(headingOf({ alpha: 0, absolute: true })).toBe(0);
    expect(headingOf({ alpha: 90, absolute: true })).toBe(270); // top of the phone to the west
    expect(headingOf({ alpha: 270, absolute: true })).toBe(90); // to the east
    expect(headingOf({ alpha: 359.5, absolute: true })).toBeCloseTo(0.5);
  });

  it('reads iOS webkitCompassHeading as it is, and prefers it', () => {
    expect(headingOf({ alpha: 10, absolute: false, webkitCompassHeading: 45 })).toBe(45);
    expect(headingOf({ alpha: null, absolute: false, webkitCompassHeading: 359 })).toBe(359);
    // iOS gives −1 while the compass is not calibrated: nothing
    expect(headingOf({ alpha: null, absolute: false, webkitCompassHeading: -1 })).toBeNull();
  });

  it('gives nothing without a compass: relative alpha, no alpha', () => {
    expect(headingOf({ alpha: 120, absolute: false })).toBeNull();
    expect(headingOf({ alpha: null, absolute: true })).toBeNull();
    expect(headingOf({ alpha: Number.NaN, absolute: true })).toBeNull();
  });

  it('corrects for the screen turned to landscape', () => {
    // phone pointing north, screen rotated 90° (landscape, top of the screen now to the east)
    expect(headingOf({ alpha: 0, absolute: true }, 90)).toBe(90);
    expect(headingOf({ alpha: 0, absolute: true }, 270)).toBe(270);
    expect(headingOf({ alpha: 0, absolute: false, webkitCompassHeading: 350 }, 90)).toBe(80);
  });

  it('turns the short way, left negative', () => {
    expect(turnTo(40, 0)).toBe(40);
    expect(turnTo(0, 40)).toBe(-40);
    expect(turnTo(10, 350)).toBe(20);
    expect(turnTo(350, 10)).toBe(-20);
    expect(turnTo(180, 0)).toBe(180);
    expect(norm360(-30)).toBe(330);
  });

  it('says ahead, left/right by whole degrees, or back', () => {
    expect(turnOf(45, 40)).toEqual({ kind: 'ahead' });
    expect(turnOf(85, 45)).toEqual({ kind: 'right', deg: 40 });
    expect(turnOf(5, 45)).toEqual({ kind: 'left', deg: 40 });
    expect(turnOf(225, 44)).toEqual({ kind: 'back' });
    expect(turnOf(100.4, 0)).toEqual({ kind: 'right', deg: 100 });
  });

  it('smooths across north the short way', () => {
    expect(smoothHeading(null, 370)).toBe(10);
    expect(smoothHeading(350, 10, 0.5)).toBe(0);
    expect(smoothHeading(10, 350, 0.5)).toBe(0);
    expect(smoothHeading(100, 200, 1)).toBe(200);
  });
});
